-- name: funds
-- description: Each fiscal fund's accounts (财政拨款收入支出决算总表, the 政府性基金 and 国有资本经营 tables) with income and expenditure of the year before
-- param year: integer; fiscal year, e.g. 2024 (all years when omitted)
-- param department: department name or any of its aliases (all departments when omitted)
-- param fund: fund id or Chinese name: fiscal, general, gov_fund, state_capital (all funds when omitted)
--
-- One row per fund_accounts row: the whole fund (code empty) first, then
-- its codes. prior_* are the same fund and code of year - 1; change and
-- change_pct compare expenditure.
SELECT a.year, a.department, a.fund, a.code,
       coalesce(a.name, (SELECT fc.name FROM function_classes fc WHERE fc.code = a.code)) AS name,
       a.carryover_begin_fen / 1000000.0 AS carryover_begin,
       a.income_fen / 1000000.0 AS income,
       a.expenditure_fen / 1000000.0 AS expenditure,
       a.basic_fen / 1000000.0 AS basic,
       a.project_fen / 1000000.0 AS project,
       a.carryover_end_fen / 1000000.0 AS carryover_end,
       p.income_fen / 1000000.0 AS prior_income,
       p.expenditure_fen / 1000000.0 AS prior_expenditure,
       (a.expenditure_fen - p.expenditure_fen) / 1000000.0 AS change,
       CASE WHEN p.expenditure_fen <> 0
            THEN 100.0 * (a.expenditure_fen - p.expenditure_fen) / p.expenditure_fen END AS change_pct
  FROM fund_accounts a
  JOIN funds f ON f.id = a.fund
  LEFT JOIN fund_accounts p
         ON p.year = a.year - 1 AND p.department = a.department AND p.fund = a.fund
        AND ifnull(p.code, '') = ifnull(a.code, '')
 WHERE (NULLIF(:year, '') IS NULL OR a.year = NULLIF(:year, ''))
   AND (NULLIF(:department, '') IS NULL OR a.department = NULLIF(:department, '')
        OR a.department IN (SELECT canonical FROM alias_resolution WHERE alias = NULLIF(:department, '')))
   AND (NULLIF(:fund, '') IS NULL OR a.fund = NULLIF(:fund, '')
        OR a.fund IN (SELECT id FROM funds WHERE label = NULLIF(:fund, '')))
 ORDER BY a.year, a.department, f.rowid, a.code IS NOT NULL, a.code;
