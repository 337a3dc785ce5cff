-- name: claims
-- description: Figures as the reports' text states them (amounts in 万元), with the sentence each comes from
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT year, department, metric,
       value_fen / 1000000.0 AS value, change_fen / 1000000.0 AS change, change_pct,
       budget_fen / 1000000.0 AS budget, execution_pct, share_pct, text
  FROM claims
 WHERE (NULLIF(:year, '') IS NULL OR year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR department = NULLIF(:department, '') OR department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY year, department, id;
