"""Generate: per-provider summary of one month's claims from the warehouse, as CSV and HTML."""

import csv
import json
import os
import sqlite3
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from reports import SUMMARY_COLUMNS, data_dir, report_files, workspace_dir  # noqa: E402
from reports.templates import html_report, totals  # noqa: E402

SUMMARY = """
SELECT provider_id,
       MAX(provider_name)                                   AS provider_name,
       COUNT(*)                                             AS claims,
       COUNT(DISTINCT member_id)                            AS members,
       SUM(status = 'paid')                                 AS paid,
       SUM(status = 'pending')                              AS pending,
       SUM(status = 'denied')                               AS denied,
       ROUND(SUM(amount), 2)                                AS total_amount,
       ROUND(SUM(CASE WHEN status = 'paid' THEN amount ELSE 0 END), 2) AS paid_amount
FROM {table}
WHERE strftime('%Y-%m', service_date) = ?
GROUP BY provider_id
ORDER BY total_amount DESC"""


def previous_month(today: date) -> str:
    return f"{today.year - 1}-12" if today.month == 1 else f"{today.year}-{today.month - 1:02d}"


db = workspace_dir() / "data" / "warehouse.db"
if not db.exists():
    sys.exit(f"no warehouse at {db}: run claims_pipeline first")
conn = sqlite3.connect(db, timeout=30)
conn.row_factory = sqlite3.Row
tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
source = next((t for t in ("fact_claims", "raw_claims") if t in tables), None)
if source is None:
    sys.exit(f"{db} has neither fact_claims nor raw_claims")

month = os.environ.get("REPORT_MONTH") or previous_month(date.today())
rows = [dict(r) for r in conn.execute(SUMMARY.format(table=source), (month,))]
if not rows and not os.environ.get("REPORT_MONTH"):
    latest = conn.execute(f"SELECT MAX(strftime('%Y-%m', service_date)) FROM {source}").fetchone()[0]
    print(f"no claims for {month} in {source}; reporting the latest month with claims, {latest}")
    month = latest
    rows = [dict(r) for r in conn.execute(SUMMARY.format(table=source), (month,))]
conn.close()
if not rows:
    sys.exit(f"no claims for {month} in {source}")

files = report_files(month)
with files["csv"].open("w", newline="", encoding="utf-8") as handle:
    writer = csv.DictWriter(handle, fieldnames=SUMMARY_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
files["html"].write_text(html_report(month, rows, SUMMARY_COLUMNS, source), encoding="utf-8")
(data_dir() / "report.json").write_text(json.dumps({"month": month, "source": source, "rows": rows}, indent=1))

t = totals(rows)
print(f"{month} from {source}: {t['claims']} claims, {t['providers']} providers, {t['total']} billed")
print(f"wrote {files['csv'].name} and {files['html'].name}")
