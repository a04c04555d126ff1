-- fact_claims: claims joined to their provider key, ready for monthly reporting.
CREATE TABLE IF NOT EXISTS fact_claims (
    claim_id      TEXT PRIMARY KEY,
    provider_key  INTEGER NOT NULL,
    provider_id   TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    member_id     TEXT NOT NULL,
    service_date  TEXT NOT NULL,
    service_month TEXT NOT NULL,
    amount        REAL NOT NULL,
    status        TEXT NOT NULL,
    is_paid       INTEGER NOT NULL
);

DELETE FROM fact_claims;

INSERT INTO fact_claims
    (claim_id, provider_key, provider_id, provider_name, member_id, service_date, service_month, amount, status, is_paid)
SELECT
    s.claim_id,
    d.provider_key,
    d.provider_id,
    d.provider_name,
    s.member_id,
    s.service_date,
    s.service_month,
    s.amount,
    s.status,
    CASE WHEN s.status = 'paid' THEN 1 ELSE 0 END
FROM staging_claims AS s
JOIN dim_providers AS d ON d.provider_id = s.provider_id;
