-- dim_providers: one row per provider, named after its most recent claim, with activity dates.
CREATE TABLE IF NOT EXISTS dim_providers (
    provider_key       INTEGER PRIMARY KEY,
    provider_id        TEXT NOT NULL UNIQUE,
    provider_name      TEXT NOT NULL,
    first_service_date TEXT NOT NULL,
    last_service_date  TEXT NOT NULL,
    claim_count        INTEGER NOT NULL
);

DELETE FROM dim_providers;

INSERT INTO dim_providers
    (provider_id, provider_name, first_service_date, last_service_date, claim_count)
SELECT
    s.provider_id,
    (SELECT latest.provider_name FROM staging_claims AS latest
      WHERE latest.provider_id = s.provider_id
      ORDER BY latest.service_date DESC, latest.claim_id DESC LIMIT 1),
    MIN(s.service_date),
    MAX(s.service_date),
    COUNT(*)
FROM staging_claims AS s
GROUP BY s.provider_id
ORDER BY s.provider_id;
