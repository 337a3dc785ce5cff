-- name: functions
-- description: Expenditure by functional code (类/款/项), budget execution and change on the year before; missing levels rolled up
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
-- param fund: fund id or Chinese name: all, fiscal, general, gov_fund, state_capital (default fiscal)
-- param level: 类, 款 or 项, or 1, 2 or 3 (all levels when omitted)
--
-- The same figures as the view function_comparison, written so that SQLite
-- reads only the rows asked for, through the key index of expenditures
-- (year, department, fund, code): a year and a department are equality
-- bounds on it. Each imported row is read as the figure of its own year
-- (now = 1) and as the prior figure of the year after (now = 0); both are
-- rolled up alike and then put side by side by one GROUP BY, instead of
-- joining the whole rolled-up table to itself.
WITH
chosen (department, fund) AS (
    SELECT coalesce((SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')), NULLIF(:department, '')),
           CASE WHEN NULLIF(:fund, '') IS NULL THEN 'fiscal'
                ELSE coalesce((SELECT id FROM funds WHERE id = NULLIF(:fund, '') OR label = NULLIF(:fund, '')), NULLIF(:fund, '')) END
),
-- (shown year, now, ...): the rows of the shown year and of the year before.
imported AS (
    SELECT CAST(NULLIF(:year, '') AS INTEGER) AS shown, e.year = CAST(NULLIF(:year, '') AS INTEGER) AS now,
           e.year, e.department, e.fund, e.code, e.name, e.budget_initial_fen, e.total_fen
      FROM chosen c JOIN expenditures e
     WHERE NULLIF(:year, '') IS NOT NULL AND e.year IN (CAST(NULLIF(:year, '') AS INTEGER) - 1, CAST(NULLIF(:year, '') AS INTEGER))
       AND e.department BETWEEN coalesce(c.department, '') AND coalesce(c.department, x'')
       AND e.fund = c.fund
    UNION ALL
    SELECT e.year + n.next, 1 - n.next, e.year, e.department, e.fund, e.code, e.name, e.budget_initial_fen, e.total_fen
      FROM chosen c JOIN expenditures e JOIN (SELECT 0 AS next UNION ALL SELECT 1) n
     WHERE NULLIF(:year, '') IS NULL
       AND e.department BETWEEN coalesce(c.department, '') AND coalesce(c.department, x'')
       AND e.fund = c.fund
),
kuan AS (
    SELECT shown, now, year, department, fund, code, name, budget_initial_fen, total_fen
      FROM imported WHERE length(code) = 5
    UNION ALL
    SELECT g.* FROM (
        SELECT shown, now, year, department, fund, substr(code, 1, 5) AS code, NULL AS name,
               sum(budget_initial_fen) AS budget_initial_fen, sum(total_fen) AS total_fen
          FROM imported WHERE length(code) = 7
         GROUP BY shown, now, department, fund, substr(code, 1, 5)) g
     WHERE NOT EXISTS (SELECT 1 FROM expenditures e
                        WHERE e.year = g.year AND e.department = g.department AND e.fund = g.fund AND e.code = g.code)
),
lei AS (
    SELECT shown, now, year, department, fund, code, name, budget_initial_fen, total_fen
      FROM imported WHERE length(code) = 3
    UNION ALL
    SELECT g.* FROM (
        SELECT shown, now, year, department, fund, substr(code, 1, 3) AS code, NULL AS name,
               sum(budget_initial_fen) AS budget_initial_fen, sum(total_fen) AS total_fen
          FROM kuan GROUP BY shown, now, department, fund, substr(code, 1, 3)) g
     WHERE NOT EXISTS (SELECT 1 FROM expenditures e
                        WHERE e.year = g.year AND e.department = g.department AND e.fund = g.fund AND e.code = g.code)
),
levels AS (
    SELECT * FROM lei
    UNION ALL SELECT * FROM kuan
    UNION ALL SELECT shown, now, year, department, fund, code, name, budget_initial_fen, total_fen
                FROM imported WHERE length(code) = 7
)
-- One GROUP BY puts each code's figure (now) next to its prior (NOT now);
-- its order is the output order, so no further sort is needed.
SELECT shown AS year, department, fund, code,
       coalesce(max(name) FILTER (WHERE now),
                (SELECT fc.name FROM function_classes fc WHERE fc.code = l.code)) AS name,
       CASE length(code) WHEN 3 THEN '类' WHEN 5 THEN '款' ELSE '项' END AS level,
       sum(budget_initial_fen) FILTER (WHERE now) / 1000000.0 AS budget_initial,
       sum(total_fen) FILTER (WHERE now) / 1000000.0 AS total,
       CASE WHEN sum(budget_initial_fen) FILTER (WHERE now) <> 0
            THEN 100.0 * sum(total_fen) FILTER (WHERE now) / sum(budget_initial_fen) FILTER (WHERE now) END AS execution_pct,
       sum(total_fen) FILTER (WHERE NOT now) / 1000000.0 AS prior_total,
       (sum(total_fen) FILTER (WHERE now) - sum(total_fen) FILTER (WHERE NOT now)) / 1000000.0 AS change,
       CASE WHEN sum(total_fen) FILTER (WHERE NOT now) <> 0
            THEN 100.0 * (sum(total_fen) FILTER (WHERE now) - sum(total_fen) FILTER (WHERE NOT now))
                       / sum(total_fen) FILTER (WHERE NOT now) END AS change_pct
  FROM levels l
 WHERE NULLIF(:level, '') IS NULL
    OR length(code) = CASE CAST(NULLIF(:level, '') AS TEXT) WHEN '类' THEN 3 WHEN '1' THEN 3
                                                WHEN '款' THEN 5 WHEN '2' THEN 5
                                                WHEN '项' THEN 7 WHEN '3' THEN 7 END
 GROUP BY shown, department, code, fund
HAVING count(*) FILTER (WHERE now) > 0
 ORDER BY shown, department, code, fund;
