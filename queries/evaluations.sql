-- name: evaluations
-- description: Performance evaluations: score, grade, points lost, and how the indicators add up
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT year, department, project, method_label AS method, unit, evaluator, budget_full_year, executed, execution_pct,
       score, grade, points_lost, indicator_count, weight_total, indicator_score_total
  FROM evaluation_results
 WHERE (NULLIF(:year, '') IS NULL OR year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR department = NULLIF(:department, '') OR department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY year, department, project, method;
