-- name: economic
-- description: Basic expenditure by economic code (工资福利支出, 商品和服务支出, …) with change on the year before
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
-- param fund: fund id or Chinese name (default general, 一般公共预算财政拨款)
SELECT year, department, fund, code, name, level, amount, prior, change, change_pct
  FROM economic_comparison
 WHERE (NULLIF(:year, '') IS NULL OR year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR department = NULLIF(:department, '') OR department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
   AND fund = CASE WHEN NULLIF(:fund, '') IS NULL THEN 'general'
                   ELSE coalesce((SELECT id FROM funds WHERE id = NULLIF(:fund, '') OR label = NULLIF(:fund, '')), NULLIF(:fund, '')) END
 ORDER BY year, department, code;
