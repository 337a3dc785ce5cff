-- name: operating_costs
-- description: 机关运行经费 with change on the year before and per active staff member
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT a.year, a.department, a.amount AS operating_costs, a.prior, a.change, a.change_pct,
       r.staff_active,
       CASE WHEN r.staff_active > 0 THEN a.amount / r.staff_active END AS per_active_staff
  FROM report_amounts a
  JOIN reports r ON r.year = a.year AND r.department = a.department
 WHERE a.metric = 'operating_costs'
   AND (NULLIF(:year, '') IS NULL OR a.year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR a.department = NULLIF(:department, '')
        OR a.department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY a.year, a.department;
