-- staging_claims: rebuild the staging table from raw_claims (SQLite; the whole file runs as one batch).
CREATE TABLE IF NOT EXISTS staging_claims (
    claim_id      TEXT PRIMARY KEY,
    member_id     TEXT NOT NULL,
    provider_id   TEXT NOT NULL,
    provider_name TEXT NOT NULL,
    service_date  TEXT NOT NULL,
    service_month TEXT NOT NULL,
    amount        REAL NOT NULL,
    status        TEXT NOT NULL,
    loaded_at     TEXT NOT NULL
);

DELETE FROM staging_claims;

INSERT INTO staging_claims
    (claim_id, member_id, provider_id, provider_name, service_date, service_month, amount, status, loaded_at)
SELECT
    claim_id,
    member_id,
    UPPER(TRIM(provider_id)),
    TRIM(provider_name),
    DATE(service_date),
    STRFTIME('%Y-%m', service_date),
    ROUND(amount, 2),
    LOWER(status),
    loaded_at
FROM raw_claims
WHERE DATE(service_date) IS NOT NULL
  AND amount > 0;
