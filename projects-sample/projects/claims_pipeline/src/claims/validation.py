"""Domain checks on cleaned claims: which claims may enter the warehouse, and why not."""

from .formatting import parse_date

KNOWN_STATUSES = {"paid", "pending", "denied"}
REQUIRED_FIELDS = ("claim_id", "member_id", "provider_id", "provider_name")


def problems(claim: dict) -> list[str]:
    """Every reason this claim is invalid (empty when it is fine)."""
    found = [f"missing {field}" for field in REQUIRED_FIELDS if not claim.get(field)]
    amount = claim.get("amount")
    if not isinstance(amount, (int, float)):
        found.append(f"amount '{amount}' is not a number")
    elif amount <= 0:
        found.append(f"amount {amount} is not positive")
    if claim.get("status") not in KNOWN_STATUSES:
        found.append(f"unknown status '{claim.get('status')}'")
    if parse_date(claim.get("service_date")) is None:
        found.append(f"service_date '{claim.get('service_date')}' is not a date")
    return found


def check_claims(claims: list[dict]) -> tuple[list[dict], list[dict]]:
    """Splits claims into (valid, rejected); a repeated claim_id is rejected after the first."""
    valid, rejected, seen = [], [], set()
    for claim in claims:
        reasons = problems(claim)
        if claim.get("claim_id") in seen:
            reasons.append(f"duplicate claim_id {claim['claim_id']}")
        seen.add(claim.get("claim_id"))
        if reasons:
            rejected.append({**claim, "reasons": reasons})
        else:
            valid.append(claim)
    return valid, rejected
