-- name: summary
-- description: Headline figures of each report (收入总计 … 机关运行经费) with change on the year before
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT year, department, label AS metric, amount, prior, change, change_pct
  FROM report_amounts
 WHERE (NULLIF(:year, '') IS NULL OR year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR department = NULLIF(:department, '') OR department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY year, department, position;
