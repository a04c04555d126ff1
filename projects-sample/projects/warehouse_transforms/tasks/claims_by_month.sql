-- claims_by_month: claim counts and amounts per month and status, saved as claims_by_month.parquet.
SELECT service_month,
       status,
       COUNT(*)              AS claims,
       ROUND(SUM(amount), 2) AS amount
FROM fact_claims
GROUP BY service_month, status
ORDER BY service_month, status
