-- name: functions
-- description: Expenditure by functional code (类/款/项), budget execution and change on the year before; missing levels rolled up
-- param year: fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
-- param fund: fund id or Chinese name: all, fiscal, general, gov_fund, state_capital (default fiscal)
-- param level: 类, 款 or 项, or 1, 2 or 3 (all levels when omitted)
SELECT year, department, fund, code, name, level, budget_initial, total, execution_pct, prior_total, change, change_pct
  FROM function_comparison
 WHERE (:year IS NULL OR year = :year)
   AND (:department IS NULL OR department = :department OR department IN (SELECT canonical FROM alias_resolution WHERE alias = :department))
   AND fund = CASE WHEN :fund IS NULL THEN 'fiscal'
                   ELSE coalesce((SELECT id FROM funds WHERE id = :fund OR label = :fund), :fund) END
   AND (:level IS NULL OR level = :level OR level_number = :level)
 ORDER BY year, department, code;
