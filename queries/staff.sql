-- name: staff
-- description: Units and staff of each report (单位数, 年末职工人数, 在职, 离休, 养老金领取人员) with change on the year before
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT r.year, r.department, r.unit_count, r.staff_total, r.staff_active, r.staff_retired, r.pensioners,
       p.staff_total AS prior_staff_total, r.staff_total - p.staff_total AS staff_change
  FROM reports r
  LEFT JOIN reports p ON p.year = r.year - 1 AND p.department = r.department
 WHERE (NULLIF(:year, '') IS NULL OR r.year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR r.department = NULLIF(:department, '')
        OR r.department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY r.year, r.department;
