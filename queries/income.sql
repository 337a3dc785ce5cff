-- name: income
-- description: Income by source (财政拨款收入 and its parts, 事业收入, …) with its share of the year's income and change on the year before
-- param year: integer; fiscal year, e.g. 2021 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
SELECT i.year, i.department, s.label AS source, i.amount_fen / 1000000.0 AS amount,
       CASE WHEN t.total_fen <> 0 THEN 100.0 * i.amount_fen / t.total_fen END AS share_pct,
       p.amount_fen / 1000000.0 AS prior,
       (i.amount_fen - p.amount_fen) / 1000000.0 AS change,
       CASE WHEN p.amount_fen <> 0 THEN 100.0 * (i.amount_fen - p.amount_fen) / p.amount_fen END AS change_pct
  FROM income i
  JOIN income_sources s ON s.id = i.source
  -- The year's income: the sources' totals, where general, gov_fund and
  -- state_capital count only when their whole, fiscal, is not given.
  JOIN (SELECT x.year, x.department, sum(x.amount_fen) AS total_fen FROM income x
         WHERE x.code IS NULL
           AND NOT EXISTS (SELECT 1 FROM income f JOIN income_sources s ON s.part_of = f.source
                            WHERE s.id = x.source AND f.year = x.year AND f.department = x.department AND f.code IS NULL)
         GROUP BY x.year, x.department) t
    ON t.year = i.year AND t.department = i.department
  LEFT JOIN income p ON p.year = i.year - 1 AND p.department = i.department AND p.source = i.source AND p.code IS NULL
 WHERE i.code IS NULL
   AND (NULLIF(:year, '') IS NULL OR i.year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR i.department = NULLIF(:department, '')
        OR i.department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
 ORDER BY i.year, i.department, s.rowid;
