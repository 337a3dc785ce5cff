-- name: economic
-- description: Basic expenditure by economic code (工资福利支出, 商品和服务支出, …) with change on the year before
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
-- param fund: fund id or Chinese name (default general, 一般公共预算财政拨款)
SELECT year, department, fund, code, name, level, amount, prior, change, change_pct
  FROM economic_comparison
 WHERE (:year IS NULL OR year = :year)
   AND (:department IS NULL OR department = :department OR department IN (SELECT canonical FROM alias_resolution WHERE alias = :department))
   AND fund = CASE WHEN :fund IS NULL THEN 'general'
                   ELSE coalesce((SELECT id FROM funds WHERE id = :fund OR label = :fund), :fund) END
 ORDER BY year, department, code;
