"""Cleaning of raw CSV values: trims text, normalises ids, amounts, statuses and dates."""

from datetime import date, datetime

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")  # ISO, then UK day/month/year


def clean_text(value: str | None) -> str:
    """Trims and collapses inner whitespace."""
    return " ".join((value or "").split())


def parse_amount(value: str | None) -> float | None:
    """'1,250.00' -> 1250.0; None when it is not a number."""
    text = clean_text(value).replace(",", "").lstrip("£$")
    try:
        return round(float(text), 2)
    except ValueError:
        return None


def parse_date(value: str | None) -> date | None:
    """A service date in any of DATE_FORMATS; None when it is not a real date."""
    text = clean_text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def normalise_claim(row: dict) -> dict:
    """One CSV row as a clean claim; unparsable values stay as text for validation to reject."""
    amount = parse_amount(row.get("amount"))
    service_date = parse_date(row.get("service_date"))
    return {
        "claim_id": clean_text(row.get("claim_id")).upper(),
        "member_id": clean_text(row.get("member_id")).upper(),
        "provider_id": clean_text(row.get("provider_id")).upper(),
        "provider_name": clean_text(row.get("provider_name")),
        "service_date": service_date.isoformat() if service_date else clean_text(row.get("service_date")),
        "amount": amount if amount is not None else clean_text(row.get("amount")),
        "status": clean_text(row.get("status")).lower(),
    }
