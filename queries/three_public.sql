-- name: three_public
-- description: "三公" expenditure by category and in total (合计), with budget execution and change on the year before
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT year, department, category, budget, actual, execution_pct, prior_actual, change, change_pct
  FROM three_public_comparison
 WHERE (NULLIF(:year, '') IS NULL OR year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR department = NULLIF(:department, '') OR department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY year, department, sort_order;
