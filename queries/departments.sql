-- name: departments
-- description: What is loaded: for each department, the years and rows of each kind
-- param department: department name or any of its aliases (all departments when omitted)
WITH loaded (department, kind, year) AS (
              SELECT department, 'reports', year FROM reports
    UNION ALL SELECT department, 'income', year FROM income
    UNION ALL SELECT department, 'units', year FROM units
    UNION ALL SELECT department, 'expenditures', year FROM expenditures
    UNION ALL SELECT department, 'economic_expenditures', year FROM economic_expenditures
    UNION ALL SELECT department, 'three_public', year FROM three_public
    UNION ALL SELECT department, 'procurement', year FROM procurement
    UNION ALL SELECT department, 'assets', year FROM assets
    UNION ALL SELECT department, 'evaluations', year FROM evaluations
    UNION ALL SELECT department, 'indicators', year FROM indicators
    UNION ALL SELECT department, 'claims', year FROM claims
),
per_year (department, kind, year, rows) AS (
    SELECT department, kind, year, count(*) FROM loaded GROUP BY department, kind, year
)
SELECT department, kind, group_concat(year, ', ') AS years, sum(rows) AS rows
  FROM (SELECT * FROM per_year ORDER BY department, kind, year)
 WHERE (NULLIF(:department, '') IS NULL OR department = NULLIF(:department, '')
        OR department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 GROUP BY department, kind
 ORDER BY department, min(year), kind;
