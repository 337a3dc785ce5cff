-- name: procurement
-- description: Government procurement by goods/works/services, the shares awarded to SMEs and small/micro firms, and change on the year before
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT year, department, total, goods, works, services, sme, sme_share_pct, small_micro, small_micro_share_pct,
       prior_total, change, change_pct
  FROM procurement_comparison
 WHERE (NULLIF(:year, '') IS NULL OR year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR department = NULLIF(:department, '') OR department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY year, department;
