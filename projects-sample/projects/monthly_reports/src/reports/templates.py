"""Text and HTML for the monthly report; values are escaped, layout is kept deliberately plain."""

from html import escape

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Claims by provider, {month}</title>
<style>body{{font-family:sans-serif}} td,th{{padding:4px 10px;text-align:right}} td:nth-child(2),th:nth-child(2){{text-align:left}}</style>
</head><body>
<h1>Claims by provider, {month}</h1>
<p>{claims} claims from {providers} providers, {total} billed, {paid} paid (source: {source}).</p>
<table>
<tr>{header}</tr>
{rows}
</table>
</body></html>
"""


def money(amount: float) -> str:
    return f"£{amount:,.2f}"


def cell(row: dict, column: str) -> str:
    return money(row[column]) if column.endswith("_amount") else str(row[column])


def totals(rows: list[dict]) -> dict:
    """Month totals across providers."""
    return {
        "providers": len(rows),
        "claims": sum(r["claims"] for r in rows),
        "total": money(sum(r["total_amount"] for r in rows)),
        "paid": money(sum(r["paid_amount"] for r in rows)),
    }


def html_report(month: str, rows: list[dict], columns: list[str], source: str) -> str:
    header = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in columns)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(cell(r, c))}</td>" for c in columns) + "</tr>" for r in rows)
    return PAGE.format(month=escape(month), header=header, rows=body, source=escape(source), **totals(rows))


def email_text(month: str, rows: list[dict]) -> str:
    t = totals(rows)
    lines = [f"Claims report for {month}", "",
             f"{t['claims']} claims from {t['providers']} providers: {t['total']} billed, {t['paid']} paid.", "",
             "Top providers by amount billed:"]
    for r in sorted(rows, key=lambda r: -r["total_amount"])[:3]:
        lines.append(f"  {r['provider_name']:<24} {money(r['total_amount']):>12}")
    lines += ["", "The full summary (CSV) and report (HTML) are attached.", "-- Pit, monthly_reports"]
    return "\n".join(lines) + "\n"
