-- name: indicators
-- description: Performance indicators that lost points, with the reason the report gives
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
-- param project: project name (all projects when omitted)
SELECT i.year, i.department, i.project, m.label AS method, i.level1, i.level2, i.level3,
       i.target, i.actual, i.weight, i.score, i.weight - i.score AS points_lost, i.note
  FROM indicators i
  JOIN evaluation_methods m ON m.id = i.method
 WHERE i.score < i.weight
   AND (NULLIF(:year, '') IS NULL OR i.year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR i.department = NULLIF(:department, '')
        OR i.department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
   AND (NULLIF(:project, '') IS NULL OR i.project = NULLIF(:project, ''))
 ORDER BY i.year, i.department, i.project, points_lost DESC, i.id;
