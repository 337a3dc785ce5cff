-- budgetdb schema, version 4.
--
-- This file is the whole schema. It is embedded into the budgetdb binary and
-- applied when a database is first used; `budgetdb schema` prints the
-- comments below next to each table and column, so every comment here is
-- user documentation.
--
-- Conventions
--   * Money is exact. Every amount is an INTEGER number of 分 (fen) and its
--     column name ends in `_fen`: 1 万元 = 1,000,000 分, 1 元 = 100 分.
--     Divide by 1000000.0 for 万元. Sum amounts as integers, format at the
--     edge; never compare amounts as floating point.
--   * Percentages, scores and weights are not money: they are REAL numbers
--     (12.5 means 12.5 %, 96 means 96 points).
--   * Years are INTEGER calendar years (2021). Department and unit names
--     are stored under their canonical name (see `aliases`).
--   * Functional classification codes (功能分类科目编码) are TEXT of 3 digits
--     (类), 5 digits (款) or 7 digits (项); economic classification codes
--     (经济分类科目编码) are TEXT of 3 or 5 digits.
--   * Every data table has a natural key declared UNIQUE; re-importing a row
--     with the same key replaces it.
--   * Small vocabulary tables (funds, income_sources, ...) give the Chinese
--     label of each id stored in the data tables.
--   * Every data table has a `source` column (in income: `provenance`):
--     where the row came from in the publication, as the import file gave
--     it (`report.pdf p.7 支出决算表`, `2021.xlsx 公开03表!B12`); NULL when
--     not given.
--   * Columns added by a later schema version come last in their table, so
--     a new database and a migrated one have the same columns in the same
--     order.
--
-- The database is marked with PRAGMA application_id = 1111769633 ('BDB!')
-- and PRAGMA user_version = 4 (this schema's version), so budgetdb can tell
-- its own databases from other SQLite files and migrate older ones.

-- ---------------------------------------------------------------------------
-- Vocabularies

-- Funds (资金性质) an expenditure table can cover.
CREATE TABLE funds (
    id         TEXT PRIMARY KEY, -- stored id: all, fiscal, general, gov_fund, state_capital
    label      TEXT NOT NULL,    -- Chinese name as printed in reports
    table_name TEXT              -- the standard disclosure table (公开表) that reports it, if any
);
INSERT INTO funds (id, label, table_name) VALUES
    ('all',           '全部资金',                 '公开03表 支出决算表'),
    ('fiscal',        '财政拨款',                 '公开04表 财政拨款收入支出决算总表'),
    ('general',       '一般公共预算财政拨款',     '公开05表 一般公共预算财政拨款支出决算表'),
    ('gov_fund',      '政府性基金预算财政拨款',   '公开08表 政府性基金预算财政拨款收入支出决算表'),
    ('state_capital', '国有资本经营预算财政拨款', '公开09表 国有资本经营预算财政拨款支出决算表');

-- Sources of income (收入来源) in the 收入决算表 and 收入支出决算总表.
-- general, gov_fund and state_capital are the three parts of fiscal (the
-- 总表 prints them under 财政拨款收入): their sum is fiscal, never a source
-- beside it, so a total over sources takes either fiscal or its parts.
CREATE TABLE income_sources (
    id      TEXT PRIMARY KEY, -- stored id: fiscal, superior, business, operating, affiliated, other, general, gov_fund, state_capital
    label   TEXT NOT NULL,    -- Chinese name
    part_of TEXT              -- the source this one is a part of (fiscal), NULL for a source of its own
);
INSERT INTO income_sources (id, label, part_of) VALUES
    ('fiscal',        '财政拨款收入',                 NULL),
    ('superior',      '上级补助收入',                 NULL),
    ('business',      '事业收入',                     NULL),
    ('operating',     '经营收入',                     NULL),
    ('affiliated',    '附属单位上缴收入',             NULL),
    ('other',         '其他收入',                     NULL),
    ('general',       '一般公共预算财政拨款收入',     'fiscal'),
    ('gov_fund',      '政府性基金预算财政拨款收入',   'fiscal'),
    ('state_capital', '国有资本经营预算财政拨款收入', 'fiscal');

-- Categories of the "三公" expenditure (三公经费).
CREATE TABLE three_public_categories (
    id         TEXT PRIMARY KEY, -- stored id: outbound, vehicle_purchase, vehicle_operation, reception, vehicle
    label      TEXT NOT NULL,    -- Chinese name as printed in reports
    sort_order INTEGER NOT NULL  -- the order reports list them in
);
INSERT INTO three_public_categories (id, label, sort_order) VALUES
    ('outbound',          '因公出国（境）费',           1),
    ('vehicle',           '公务用车购置及运行维护费',   2),
    ('vehicle_purchase',  '公务用车购置费',             3),
    ('vehicle_operation', '公务用车运行维护费',         4),
    ('reception',         '公务接待费',                 5);

-- Kinds of performance evaluation (评价方式).
CREATE TABLE evaluation_methods (
    id    TEXT PRIMARY KEY, -- stored id: self, department, finance, overall
    label TEXT NOT NULL     -- Chinese name
);
INSERT INTO evaluation_methods (id, label) VALUES
    ('self',       '自评'),
    ('department', '部门评价'),
    ('finance',    '财政评价'),
    ('overall',    '整体支出评价');

-- Performance grades (等级) and the score range of each.
CREATE TABLE grades (
    grade     TEXT PRIMARY KEY, -- 优, 良, 中 or 差
    min_score REAL NOT NULL,    -- lowest score of the grade, inclusive
    max_score REAL NOT NULL     -- highest score of the grade, exclusive except for 优 (100 inclusive)
);
INSERT INTO grades (grade, min_score, max_score) VALUES
    ('优', 90, 100),
    ('良', 80, 90),
    ('中', 60, 80),
    ('差', 0, 60);

-- The standard tables of a 部门决算 (`disclosures.title`), by their
-- standard title. Most reports carry the nine with core = 1; some add the
-- others.
CREATE TABLE standard_tables (
    id         TEXT PRIMARY KEY, -- the standard title, e.g. 支出决算表
    sort_order INTEGER NOT NULL, -- the order reports print them in
    core       INTEGER NOT NULL  -- 1 for the nine most reports carry (a missing one is noted by check), 0 for the others
);
INSERT INTO standard_tables (id, sort_order, core) VALUES
    ('收入支出决算总表',                       1,  1),
    ('收入决算表',                             2,  1),
    ('支出决算表',                             3,  1),
    ('财政拨款收入支出决算总表',               4,  1),
    ('一般公共预算财政拨款支出决算表',         5,  1),
    ('一般公共预算财政拨款基本支出决算表',     6,  1),
    ('财政拨款“三公”经费支出决算表',           7,  1),
    ('政府性基金预算财政拨款收入支出决算表',   8,  1),
    ('国有资本经营预算财政拨款收入支出决算表', 9,  1),
    ('国有资产占用情况表',                     10, 0),
    ('机关运行经费支出决算表',                 11, 0),
    ('政府采购情况表',                         12, 0);

-- Whether a report carries a standard table (`disclosures.status`).
CREATE TABLE disclosure_statuses (
    id    TEXT PRIMARY KEY, -- stored id: present, empty, missing
    label TEXT NOT NULL     -- Chinese name
);
INSERT INTO disclosure_statuses (id, label) VALUES
    ('present', '已公开'),
    ('empty',   '无数据'),
    ('missing', '未公开');

-- What a `texts` row is (kind `texts`).
CREATE TABLE text_roles (
    id    TEXT PRIMARY KEY, -- stored id: title, heading, contents, table_title, sentence, comparison
    label TEXT NOT NULL     -- Chinese name
);
INSERT INTO text_roles (id, label) VALUES
    ('title',       '封面标题'),
    ('heading',     '章节标题'),
    ('contents',    '目录'),
    ('table_title', '表格标题'),
    ('sentence',    '语句'),
    ('comparison',  '预决算比较');

-- How a sentence compares a 决算数 with a 预算数 in words (texts.relation).
CREATE TABLE relations (
    id    TEXT PRIMARY KEY, -- stored id: greater, less, equal
    label TEXT NOT NULL     -- the word reports most often use
);
INSERT INTO relations (id, label) VALUES
    ('greater', '大于'),
    ('less',    '小于'),
    ('equal',   '持平');

-- ---------------------------------------------------------------------------
-- Reference data

-- A department or unit name that means the same as another: renames, typos,
-- reforms. Names are resolved through aliases when importing (data is stored
-- under the canonical name) and when filtering. An alias may point at
-- another alias; the chain is followed to its end.
CREATE TABLE aliases (
    id        INTEGER PRIMARY KEY,
    alias     TEXT NOT NULL UNIQUE, -- the variant name (别名)
    canonical TEXT NOT NULL,        -- the name it stands for (标准名称)
    source    TEXT                  -- 来源: where the row came from
);

-- Functional classification of expenditure (支出功能分类科目).
CREATE TABLE function_classes (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE, -- 科目编码: 3 digits 类, 5 digits 款, 7 digits 项
    name   TEXT NOT NULL,        -- 科目名称
    level  TEXT GENERATED ALWAYS AS (CASE length(code) WHEN 3 THEN '类' WHEN 5 THEN '款' ELSE '项' END) VIRTUAL, -- 类, 款 or 项, from the code's length
    parent TEXT GENERATED ALWAYS AS (CASE length(code) WHEN 5 THEN substr(code, 1, 3) WHEN 7 THEN substr(code, 1, 5) END) VIRTUAL, -- code of the enclosing 类 or 款; NULL for a 类
    source TEXT                  -- 来源: where the row came from
);

-- ---------------------------------------------------------------------------
-- One department's final accounts

-- One department's final accounts (部门决算) for a year: the headline
-- figures of 公开01表 收入支出决算总表 and the 部门概况. The 总表's two
-- sides: income_total = income_current + nonfiscal_balance_used +
-- carryover_begin; expenditure_total = expenditure_current +
-- balance_distribution + carryover_end.
CREATE TABLE reports (
    id                      INTEGER PRIMARY KEY,
    year                    INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100), -- 年度
    department              TEXT NOT NULL,  -- 部门, canonical name
    region                  TEXT,           -- 地区, e.g. 江西省南昌市
    unit_count              INTEGER CHECK (unit_count >= 0),     -- 单位数: units consolidated in the report
    staff_total             INTEGER CHECK (staff_total >= 0),    -- 年末职工人数, persons
    staff_active            INTEGER CHECK (staff_active >= 0),   -- 在职人员, persons
    staff_retired           INTEGER CHECK (staff_retired >= 0),  -- 离休人员, persons
    pensioners              INTEGER CHECK (pensioners >= 0),     -- 由养老保险基金发放养老金的离退休人员, persons
    income_total_fen        INTEGER, -- 收入总计, 分
    carryover_begin_fen     INTEGER, -- 上年结转和结余, 分
    income_current_fen      INTEGER, -- 本年收入合计, 分
    expenditure_total_fen   INTEGER, -- 支出总计, 分
    expenditure_current_fen INTEGER, -- 本年支出合计, 分
    carryover_end_fen       INTEGER, -- 年末结转和结余, 分
    basic_expenditure_fen   INTEGER, -- 基本支出, 分
    project_expenditure_fen INTEGER, -- 项目支出, 分
    operating_costs_fen     INTEGER, -- 机关运行经费, 分
    nonfiscal_balance_used_fen INTEGER, -- 使用非财政拨款结余, 分
    balance_distribution_fen   INTEGER, -- 结余分配, 分
    source                  TEXT,    -- 来源: where the row came from
    UNIQUE (year, department)
);

-- Income by source (公开02表 收入决算表, and the 收入支出决算总表's income
-- side), optionally by functional code. A source's total has no code.
CREATE TABLE income (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL, -- 年度
    department TEXT NOT NULL,    -- 部门, canonical name
    source     TEXT NOT NULL REFERENCES income_sources (id), -- 收入来源 (general, gov_fund, state_capital are parts of fiscal)
    code       TEXT,             -- 科目编码 (functional), NULL for the source's total
    amount_fen INTEGER NOT NULL, -- 金额, 分
    provenance TEXT              -- 来源: where the row came from (the `source` column of the other tables; here `source` is the income source)
);
CREATE UNIQUE INDEX income_key ON income (year, department, source, ifnull(code, ''));

-- The units (单位) consolidated in a department's report for a year.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL, -- 年度
    department TEXT NOT NULL,    -- 部门, canonical name
    unit       TEXT NOT NULL,    -- 单位, canonical name
    unit_type  TEXT,             -- 单位性质, e.g. 行政单位, 参公事业单位
    note       TEXT,             -- 备注
    source     TEXT,             -- 来源: where the row came from
    UNIQUE (year, department, unit)
);

-- Expenditure by functional classification: 公开03表 支出决算表 (fund
-- all), 公开04表 (fiscal), 公开05表 (general) and the fund tables. total =
-- basic + project, plus remit_superior + operating + affiliated_subsidy
-- where the row gives them (checked on import).
CREATE TABLE expenditures (
    id                 INTEGER PRIMARY KEY,
    year               INTEGER NOT NULL,                                   -- 年度
    department         TEXT NOT NULL,                                      -- 部门, canonical name
    fund               TEXT NOT NULL DEFAULT 'all' REFERENCES funds (id),  -- 资金性质
    code               TEXT NOT NULL,                                      -- 科目编码 (functional, 3/5/7 digits)
    name               TEXT,                                               -- 科目名称 as printed
    budget_initial_fen INTEGER,                                            -- 年初预算数, 分
    basic_fen          INTEGER,                                            -- 基本支出, 分
    project_fen        INTEGER,                                            -- 项目支出, 分
    total_fen          INTEGER,                                            -- 决算数 (合计) = basic + project (+ the three below where given), 分
    remit_superior_fen INTEGER,                                            -- 上缴上级支出, 分
    operating_fen      INTEGER,                                            -- 经营支出, 分
    affiliated_subsidy_fen INTEGER,                                        -- 对附属单位补助支出, 分
    source             TEXT,                                               -- 来源: where the row came from
    UNIQUE (year, department, fund, code)
);

-- Basic expenditure by economic classification (公开06表).
CREATE TABLE economic_expenditures (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,                                       -- 年度
    department TEXT NOT NULL,                                          -- 部门, canonical name
    fund       TEXT NOT NULL DEFAULT 'general' REFERENCES funds (id),  -- 资金性质
    code       TEXT NOT NULL,                                          -- 科目编码 (economic, 3 or 5 digits: 301 工资福利支出, 30101 基本工资, ...)
    name       TEXT,                                                   -- 科目名称 as printed
    amount_fen INTEGER NOT NULL,                                       -- 金额, 分
    source     TEXT,                                                   -- 来源: where the row came from
    UNIQUE (year, department, fund, code)
);

-- "三公" expenditure from the general public budget, by category
-- (公开07表). The total is derived, never stored.
CREATE TABLE three_public (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,                                               -- 年度
    department TEXT NOT NULL,                                                  -- 部门, canonical name
    category   TEXT NOT NULL REFERENCES three_public_categories (id),          -- 项目; `vehicle` only where its two parts are not given
    budget_fen INTEGER,                                                        -- 预算数 (年初预算数), 分
    actual_fen INTEGER,                                                        -- 决算数, 分
    batches    INTEGER CHECK (batches >= 0),                                   -- 批次 (reception), count
    persons    INTEGER CHECK (persons >= 0),                                   -- 人次 (reception, outbound), count
    vehicles   INTEGER CHECK (vehicles >= 0),                                  -- 车辆数 (vehicle purchase or operation), count
    source     TEXT,                                                           -- 来源: where the row came from
    UNIQUE (year, department, category)
);

-- Government procurement (政府采购) for a year.
CREATE TABLE procurement (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL, -- 年度
    department      TEXT NOT NULL,    -- 部门, canonical name
    total_fen       INTEGER,          -- 政府采购支出总额, 分
    goods_fen       INTEGER,          -- 货物, 分
    works_fen       INTEGER,          -- 工程, 分
    services_fen    INTEGER,          -- 服务, 分
    sme_fen         INTEGER,          -- 授予中小企业合同金额, 分
    small_micro_fen INTEGER,          -- 授予小微企业合同金额 (part of sme), 分
    source          TEXT,             -- 来源: where the row came from
    UNIQUE (year, department)
);

-- State-owned assets (国有资产占用情况, 公开10表), one row per item.
CREATE TABLE assets (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL, -- 年度
    department TEXT NOT NULL,    -- 部门, canonical name
    item       TEXT NOT NULL,    -- 项目, e.g. 车辆总数, 一般公务用车, 单价50万元以上通用设备
    quantity   REAL,             -- 数量, in `measure`
    measure    TEXT,             -- 计量单位, e.g. 辆, 台(套), 平方米
    value_fen  INTEGER,          -- 金额, 分
    source     TEXT,             -- 来源: where the row came from
    UNIQUE (year, department, item)
);

-- Performance evaluations (绩效评价) of projects or of a whole department.
CREATE TABLE evaluations (
    id                   INTEGER PRIMARY KEY,
    year                 INTEGER NOT NULL,                                -- 年度
    department           TEXT NOT NULL,                                   -- 部门, canonical name
    project              TEXT NOT NULL,                                   -- 项目名称
    method               TEXT NOT NULL REFERENCES evaluation_methods (id), -- 评价方式
    unit                 TEXT,                                            -- 实施单位, canonical name
    evaluator            TEXT,                                            -- 评价机构 (third party), if any
    budget_initial_fen   INTEGER,                                         -- 年初预算数, 分
    budget_full_year_fen INTEGER,                                         -- 全年预算数, 分
    executed_fen         INTEGER,                                         -- 全年执行数, 分
    score                REAL,                                            -- 得分, points of 100
    grade                TEXT REFERENCES grades (grade),                  -- 等级: derived from score when not given
    source               TEXT,                                            -- 来源: where the row came from
    UNIQUE (year, department, project, method)
);

-- Performance indicators (绩效指标) of an evaluation.
CREATE TABLE indicators (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,                                -- 年度
    department TEXT NOT NULL,                                   -- 部门, canonical name
    project    TEXT NOT NULL,                                   -- 项目名称 of the evaluation
    method     TEXT NOT NULL REFERENCES evaluation_methods (id), -- 评价方式 of the evaluation
    level1     TEXT NOT NULL,                                   -- 一级指标, e.g. 产出指标
    level2     TEXT,                                            -- 二级指标, e.g. 数量指标
    level3     TEXT NOT NULL,                                   -- 三级指标
    target     TEXT,                                            -- 年度指标值, as written
    actual     TEXT,                                            -- 实际完成值, as written
    weight     REAL,                                            -- 分值, points
    score      REAL,                                            -- 得分, points (at most weight)
    note       TEXT,                                            -- 偏差原因分析及改进措施
    source     TEXT                                             -- 来源: where the row came from
);
CREATE UNIQUE INDEX indicators_key ON indicators (year, department, project, method, level1, ifnull(level2, ''), level3);

-- Figures as the report's narrative states them, kept so `budgetdb check`
-- can reconcile them with the tables. Each stated amount keeps the number
-- of decimals it was printed with (`*_decimals`, counted in `unit`), since a
-- printed figure stands for the interval its rounding allows.
CREATE TABLE claims (
    id                     INTEGER PRIMARY KEY,
    year                   INTEGER NOT NULL, -- 年度
    department             TEXT NOT NULL,    -- 部门, canonical name
    metric                 TEXT NOT NULL,    -- what the figure is: income_total, function:208, three_public:reception, econ:310, procurement:sme, ...
    value_fen              INTEGER,          -- 本年数, 分
    value_decimals         INTEGER,          -- decimals value was printed with
    change_fen             INTEGER,          -- 较上年增减 (negative for 减少), 分
    change_decimals        INTEGER,          -- decimals change was printed with
    change_pct             REAL,             -- 增减率, % (negative for 下降)
    change_pct_decimals    INTEGER,          -- decimals change_pct was printed with
    budget_fen             INTEGER,          -- 年初预算数, 分
    budget_decimals        INTEGER,          -- decimals budget was printed with
    execution_pct          REAL,             -- 完成预算, %
    execution_pct_decimals INTEGER,          -- decimals execution_pct was printed with
    share_pct              REAL,             -- 占比, %
    share_pct_decimals     INTEGER,          -- decimals share_pct was printed with
    unit                   TEXT NOT NULL DEFAULT '万元' CHECK (unit IN ('万元', '元')), -- unit the amounts were stated in
    text                   TEXT,             -- 原文: the sentence the figures come from
    budget_change_fen      INTEGER,          -- 较预算增减: value − the 年初预算 (negative for 减少), 分
    budget_change_decimals INTEGER,          -- decimals budget_change was printed with
    budget_change_pct      REAL,             -- 较预算增减率: budget_change / the 年初预算, %
    budget_change_pct_decimals INTEGER,      -- decimals budget_change_pct was printed with
    source                 TEXT,             -- 来源: where the row came from
    UNIQUE (year, department, metric)
);

-- A fiscal fund's accounts (财政拨款收入支出决算总表 and the 政府性基金 /
-- 国有资本经营 tables): the whole fund (code NULL) or one functional code.
-- carryover_begin + income = expenditure + carryover_end and basic +
-- project = expenditure, where stated; `budgetdb check` reconciles them
-- (rule fund.balance), since published tables do not always add up and a
-- report should be importable as printed.
CREATE TABLE fund_accounts (
    id                  INTEGER PRIMARY KEY,
    year                INTEGER NOT NULL,                   -- 年度
    department          TEXT NOT NULL,                      -- 部门, canonical name
    fund                TEXT NOT NULL REFERENCES funds (id) CHECK (fund <> 'all'), -- 资金性质: fiscal, general, gov_fund or state_capital
    code                TEXT,                               -- 科目编码 (functional), NULL for the whole fund
    name                TEXT,                               -- 科目名称 as printed
    carryover_begin_fen INTEGER,                            -- 年初结转和结余, 分
    income_fen          INTEGER,                            -- 本年收入, 分
    expenditure_fen     INTEGER,                            -- 本年支出, 分
    basic_fen           INTEGER,                            -- 基本支出 (part of expenditure), 分
    project_fen         INTEGER,                            -- 项目支出 (part of expenditure), 分
    carryover_end_fen   INTEGER,                            -- 年末结转和结余, 分
    source              TEXT                                -- 来源: where the row came from
);
CREATE UNIQUE INDEX fund_accounts_key ON fund_accounts (year, department, fund, ifnull(code, ''));

-- Which standard tables a report carries: printed with figures (present),
-- printed with a 无数据 / 本表无数据 note (empty), or not printed (missing).
CREATE TABLE disclosures (
    id         INTEGER PRIMARY KEY,
    year       INTEGER NOT NULL,                                  -- 年度
    department TEXT NOT NULL,                                     -- 部门, canonical name
    title      TEXT NOT NULL REFERENCES standard_tables (id),     -- the table's standard title (the import column `table`)
    status     TEXT NOT NULL REFERENCES disclosure_statuses (id), -- present, empty or missing
    page       INTEGER CHECK (page >= 0),                         -- 页码: the page it starts on
    note       TEXT,                                              -- 说明, e.g. the 无数据 note as printed
    source     TEXT,                                              -- 来源: where the row came from
    UNIQUE (year, department, title)
);

-- The publication's own lines, kept as printed so `check` can test the
-- publication against itself (consistency.*, completeness.contents): its
-- title, every heading, each entry of its 目录, each table title, the
-- sentences that date a figure (截至…) or hold a template placeholder, and
-- each sentence that compares a 决算数 with a 预算数 in words, with the two
-- figures it compares when it is certain which they are.
CREATE TABLE texts (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,                    -- 年度
    department      TEXT NOT NULL,                       -- 部门, canonical name
    seq             INTEGER NOT NULL,                    -- 顺序: position in the publication, from 1
    role            TEXT NOT NULL REFERENCES text_roles (id), -- 类型: title, heading, contents, table_title, sentence, comparison
    page            INTEGER,                             -- 页码: page it is printed on, when known
    text            TEXT NOT NULL,                       -- 原文, whitespace removed
    relation        TEXT REFERENCES relations (id),      -- 比较: what a comparison's words say (决算数 greater / less / equal 预算数)
    actual_fen      INTEGER,                             -- 决算数 the comparison refers to, 分
    actual_decimals INTEGER,                             -- decimals actual was printed with
    budget_fen      INTEGER,                             -- 预算数 the comparison refers to, 分
    budget_decimals INTEGER,                             -- decimals budget was printed with
    unit            TEXT NOT NULL DEFAULT '万元' CHECK (unit IN ('万元', '元')), -- unit the amounts were stated in
    source          TEXT,                                -- 来源: where the row came from
    UNIQUE (year, department, seq)
);

-- ---------------------------------------------------------------------------
-- Import log

-- One row per successful `budgetdb import` invocation.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL, -- UTC, ISO 8601
    finished_at TEXT,          -- UTC, ISO 8601
    unit        TEXT NOT NULL, -- unit the invocation's amounts were read in: 万元 or 元
    version     TEXT NOT NULL  -- budgetdb version that ran it
);

-- One row per file of an import.
CREATE TABLE import_files (
    id        INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports (id), -- the import (imports.id) it was part of
    path      TEXT NOT NULL,    -- path as given or found (FILE!SHEET for a workbook's sheet)
    sha256    TEXT NOT NULL,    -- SHA-256 of the file's bytes, hex
    kind      TEXT NOT NULL,    -- kind the file was read as
    encoding  TEXT NOT NULL,    -- encoding detected: UTF-8 or GB18030; for a workbook's sheet (path FILE!SHEET) its format, xlsx or xls
    rows      INTEGER NOT NULL, -- data rows read
    inserted  INTEGER NOT NULL, -- rows with a new key
    replaced  INTEGER NOT NULL, -- rows that changed an existing row
    unchanged INTEGER NOT NULL  -- rows identical to the stored row
);

-- ---------------------------------------------------------------------------
-- Provenance: where each stored row came from
--
-- Every row of a data table was last stated by one line of one imported
-- file. Rows are written in file order, so that is kept as runs: the rows
-- with ids first_id..last_id of table `tbl` came from lines first_line,
-- first_line + 1, ... of file `file_id` (row id i from line
-- first_line + i - first_id). A million-row file is one run. The runs of a
-- table never overlap: a later file that states a row (inserting,
-- replacing, or confirming it unchanged) takes it over. A row imported
-- before provenance was recorded (schema 2 or older) has no run.
--
-- Where a row of expenditures came from:
--   SELECT e.*, f.path, s.first_line + e.id - s.first_id AS line, f.import_id
--     FROM expenditures e
--     JOIN row_sources s ON s.tbl = 'expenditures'
--      AND s.first_id = (SELECT max(first_id) FROM row_sources
--                         WHERE tbl = 'expenditures' AND first_id <= e.id)
--      AND e.id <= s.last_id
--     JOIN import_files f ON f.id = s.file_id;
-- `budgetdb why TABLE KEY...` prints the same and the row's history.
CREATE TABLE row_sources (
    tbl        TEXT NOT NULL,    -- the data table, e.g. expenditures
    first_id   INTEGER NOT NULL, -- first row id (the table's id column) of the run
    last_id    INTEGER NOT NULL, -- last row id of the run, inclusive
    file_id    INTEGER NOT NULL REFERENCES import_files (id), -- the file (import_files.id)
    first_line INTEGER NOT NULL, -- line of first_id in that file (the header is line 1)
    PRIMARY KEY (tbl, first_id)
) WITHOUT ROWID;
CREATE INDEX row_sources_file ON row_sources (file_id);

-- Every replaced row: the values a re-import changed, old and new, and
-- where both came from. Written only when a row changes, so importing new
-- or unchanged rows costs nothing here.
CREATE TABLE row_history (
    id          INTEGER PRIMARY KEY,
    tbl         TEXT NOT NULL,    -- the data table
    row_id      INTEGER NOT NULL, -- the row's id in it
    key         TEXT NOT NULL,    -- the row's key, as messages show it: 2021, 某部门, all, 2080101
    file_id     INTEGER NOT NULL REFERENCES import_files (id), -- the file that replaced it
    line        INTEGER NOT NULL, -- its line in that file
    old_file_id INTEGER REFERENCES import_files (id), -- the file that had stated the old values (NULL: not recorded)
    old_line    INTEGER,          -- its line in that file
    changes     TEXT NOT NULL     -- JSON array of [column, old, new] for each column that changed, in column order
);
CREATE INDEX row_history_row ON row_history (tbl, row_id);

-- Files an import did not read because an earlier import read the same
-- bytes (same SHA-256, kind and unit) and every row that file stated is
-- still stored as it stated it. Each also has its import_files row
-- (counted unchanged); `budgetdb import --force` reads every file.
CREATE TABLE import_skips (
    file_id INTEGER PRIMARY KEY REFERENCES import_files (id), -- the skipped file of this import
    same_as INTEGER NOT NULL REFERENCES import_files (id)     -- the earlier read of the same bytes, whose rows stand
);

-- ---------------------------------------------------------------------------
-- Views: amounts in 万元, each year next to the year before.
--
-- Views use SQLite built-ins only, so they work from any SQLite client.
-- Amounts are summed as integers of 分 and divided by 1000000.0 last.
-- Percentages are unrounded REALs; budgetdb prints them with 2 decimals.
-- "prior" is the same figure of year - 1 for the same department;
-- change = current - prior; change_pct = change / prior x 100 (NULL when
-- prior is NULL or 0); execution_pct = actual / budget x 100 (NULL when the
-- budget is NULL or 0).

-- Every alias with the canonical name at the end of its chain.
CREATE VIEW alias_resolution AS
WITH RECURSIVE chain (alias, canonical, depth) AS (
    SELECT alias, canonical, 1 FROM aliases
    UNION ALL
    SELECT chain.alias, aliases.canonical, chain.depth + 1
      FROM chain JOIN aliases ON aliases.alias = chain.canonical
     WHERE chain.depth <= (SELECT count(*) FROM aliases)
)
SELECT alias,     -- 别名
       canonical  -- 标准名称 it finally resolves to
  FROM chain
 WHERE NOT EXISTS (SELECT 1 FROM aliases a WHERE a.alias = chain.canonical);

-- The amount columns of `reports`, one row per figure, with the year before.
CREATE VIEW report_amounts AS
WITH figures (year, department, position, metric, label, amount_fen) AS (
              SELECT year, department, 1, 'income_total',        '收入总计',       income_total_fen        FROM reports
    UNION ALL SELECT year, department, 2, 'carryover_begin',     '上年结转和结余', carryover_begin_fen     FROM reports
    UNION ALL SELECT year, department, 3, 'income_current',      '本年收入合计',   income_current_fen      FROM reports
    UNION ALL SELECT year, department, 4, 'expenditure_total',   '支出总计',       expenditure_total_fen   FROM reports
    UNION ALL SELECT year, department, 5, 'expenditure_current', '本年支出合计',   expenditure_current_fen FROM reports
    UNION ALL SELECT year, department, 6, 'carryover_end',       '年末结转和结余', carryover_end_fen       FROM reports
    UNION ALL SELECT year, department, 7, 'basic_expenditure',   '基本支出',       basic_expenditure_fen   FROM reports
    UNION ALL SELECT year, department, 8, 'project_expenditure', '项目支出',       project_expenditure_fen FROM reports
    UNION ALL SELECT year, department, 9, 'operating_costs',     '机关运行经费',   operating_costs_fen     FROM reports
    UNION ALL SELECT year, department, 10, 'nonfiscal_balance_used', '使用非财政拨款结余', nonfiscal_balance_used_fen FROM reports
    UNION ALL SELECT year, department, 11, 'balance_distribution',   '结余分配',           balance_distribution_fen   FROM reports
)
SELECT f.year,                                      -- 年度
       f.department,                                -- 部门
       f.position,                                  -- the column's place in the contract's order
       f.metric,                                    -- reports column name
       f.label,                                     -- its Chinese name
       f.amount_fen / 1000000.0 AS amount,          -- this year, 万元
       p.amount_fen / 1000000.0 AS prior,           -- year - 1, 万元
       (f.amount_fen - p.amount_fen) / 1000000.0 AS change, -- amount - prior, 万元
       CASE WHEN p.amount_fen <> 0 THEN 100.0 * (f.amount_fen - p.amount_fen) / p.amount_fen END AS change_pct -- change / prior, %
  FROM figures f
  LEFT JOIN figures p ON p.department = f.department AND p.year = f.year - 1 AND p.metric = f.metric
 WHERE f.amount_fen IS NOT NULL;

-- Expenditure by functional code, with every 款 and 类 that was not
-- imported rolled up from the level below. Each part reads expenditures
-- directly (no common table expression), so a filter on year, department
-- or fund reaches the key index of every part: one department of one year
-- reads only its own rows, whatever the size of the database.
CREATE VIEW function_expenditures AS
SELECT x.year,                                   -- 年度
       x.department,                             -- 部门
       x.fund,                                   -- 资金性质 (funds.id)
       x.code,                                   -- 科目编码
       coalesce(x.name, fc.name) AS name,        -- 科目名称: as imported, else from function_classes
       CASE length(x.code) WHEN 3 THEN '类' WHEN 5 THEN '款' ELSE '项' END AS level, -- 类, 款 or 项
       CASE length(x.code) WHEN 3 THEN 1 WHEN 5 THEN 2 ELSE 3 END AS level_number,   -- 1, 2 or 3
       x.budget_initial_fen,                     -- 年初预算数, 分
       x.total_fen,                              -- 决算数, 分
       x.rolled_up                               -- 1 when summed from the level below, 0 when imported
  FROM (
    -- Every imported row, at its own level.
    SELECT year, department, fund, code, name, budget_initial_fen, total_fen, 0 AS rolled_up
      FROM expenditures
    UNION ALL
    -- A 款 not imported: the sum of its 项.
    SELECT i.year, i.department, i.fund, substr(i.code, 1, 5), NULL, sum(i.budget_initial_fen), sum(i.total_fen), 1
      FROM expenditures i
     WHERE length(i.code) = 7
       AND NOT EXISTS (SELECT 1 FROM expenditures e
                        WHERE e.year = i.year AND e.department = i.department AND e.fund = i.fund AND e.code = substr(i.code, 1, 5))
     GROUP BY i.year, i.department, i.fund, substr(i.code, 1, 5)
    UNION ALL
    -- A 类 not imported: the sum of its 款, each as imported or, where it
    -- was not, as the sum of its 项.
    SELECT i.year, i.department, i.fund, substr(i.code, 1, 3), NULL, sum(i.budget_initial_fen), sum(i.total_fen), 1
      FROM expenditures i
     WHERE (length(i.code) = 5
            OR (length(i.code) = 7
                AND NOT EXISTS (SELECT 1 FROM expenditures e
                                 WHERE e.year = i.year AND e.department = i.department AND e.fund = i.fund AND e.code = substr(i.code, 1, 5))))
       AND NOT EXISTS (SELECT 1 FROM expenditures e
                        WHERE e.year = i.year AND e.department = i.department AND e.fund = i.fund AND e.code = substr(i.code, 1, 3))
     GROUP BY i.year, i.department, i.fund, substr(i.code, 1, 3)
  ) x
  LEFT JOIN function_classes fc ON fc.code = x.code;

-- function_expenditures with budget execution and the change on the year
-- before. The prior figure is looked up in expenditures by key (summed over
-- the code's range where that level was not imported) rather than by
-- joining the view to itself, so a filter on year and department stays
-- cheap.
CREATE VIEW function_comparison AS
SELECT f.year,                                            -- 年度
       f.department,                                      -- 部门
       f.fund,                                            -- 资金性质 (funds.id)
       f.code,                                            -- 科目编码
       f.name,                                            -- 科目名称
       f.level,                                           -- 类, 款 or 项
       f.level_number,                                    -- 1, 2 or 3
       f.budget_initial_fen / 1000000.0 AS budget_initial, -- 年初预算数, 万元
       f.total_fen / 1000000.0 AS total,                   -- 决算数, 万元
       CASE WHEN f.budget_initial_fen <> 0 THEN 100.0 * f.total_fen / f.budget_initial_fen END AS execution_pct, -- total / budget_initial, %
       f.prior_fen / 1000000.0 AS prior_total,             -- 决算数 of year - 1, 万元
       (f.total_fen - f.prior_fen) / 1000000.0 AS change,  -- total - prior_total, 万元
       CASE WHEN f.prior_fen <> 0 THEN 100.0 * (f.total_fen - f.prior_fen) / f.prior_fen END AS change_pct, -- change / prior_total, %
       f.rolled_up                                         -- 1 when summed from the level below
  FROM (
    SELECT c.*,
           -- The same code of year - 1: the imported row where there is
           -- one (a 项 has nothing else); else the rollup, summed as
           -- function_expenditures sums it.
           CASE WHEN c.level_number = 3
                  OR EXISTS (SELECT 1 FROM expenditures p
                              WHERE p.year = c.year - 1 AND p.department = c.department AND p.fund = c.fund AND p.code = c.code)
                THEN (SELECT p.total_fen FROM expenditures p
                       WHERE p.year = c.year - 1 AND p.department = c.department AND p.fund = c.fund AND p.code = c.code)
                ELSE (SELECT sum(p.total_fen) FROM expenditures p
                       WHERE p.year = c.year - 1 AND p.department = c.department AND p.fund = c.fund
                         AND p.code > c.code AND p.code < c.code || ':'
                         AND ((length(p.code) = 7
                               AND NOT EXISTS (SELECT 1 FROM expenditures q
                                                WHERE q.year = p.year AND q.department = p.department AND q.fund = p.fund
                                                  AND q.code = substr(p.code, 1, 5)))
                              OR (length(p.code) = 5 AND c.level_number = 1)))
           END AS prior_fen
      FROM function_expenditures c
  ) f;

-- Basic expenditure by economic code in 万元, with the year before.
CREATE VIEW economic_comparison AS
SELECT e.year,                                  -- 年度
       e.department,                            -- 部门
       e.fund,                                  -- 资金性质 (funds.id)
       e.code,                                  -- 科目编码 (economic)
       e.name,                                  -- 科目名称
       CASE length(e.code) WHEN 3 THEN '类' ELSE '款' END AS level, -- 类 or 款
       e.amount_fen / 1000000.0 AS amount,      -- 金额, 万元
       p.amount_fen / 1000000.0 AS prior,       -- 金额 of year - 1, 万元
       (e.amount_fen - p.amount_fen) / 1000000.0 AS change, -- amount - prior, 万元
       CASE WHEN p.amount_fen <> 0 THEN 100.0 * (e.amount_fen - p.amount_fen) / p.amount_fen END AS change_pct -- change / prior, %
  FROM economic_expenditures e
  LEFT JOIN economic_expenditures p
         ON p.year = e.year - 1 AND p.department = e.department AND p.fund = e.fund AND p.code = e.code;

-- "三公" expenditure per category and in total (category 合计), in 万元,
-- with budget execution and the year before.
CREATE VIEW three_public_comparison AS
WITH figures (year, department, category_id, category, sort_order, budget_fen, actual_fen) AS (
    SELECT t.year, t.department, t.category, c.label, c.sort_order, t.budget_fen, t.actual_fen
      FROM three_public t JOIN three_public_categories c ON c.id = t.category
    UNION ALL
    SELECT year, department, 'total', '合计', 99, sum(budget_fen), sum(actual_fen)
      FROM three_public GROUP BY year, department
)
SELECT f.year,                                         -- 年度
       f.department,                                   -- 部门
       f.category,                                     -- 项目 (Chinese label, or 合计)
       f.category_id,                                  -- three_public_categories.id, or total
       f.sort_order,                                   -- the order reports list categories in
       f.budget_fen / 1000000.0 AS budget,             -- 预算数, 万元
       f.actual_fen / 1000000.0 AS actual,             -- 决算数, 万元
       CASE WHEN f.budget_fen <> 0 THEN 100.0 * f.actual_fen / f.budget_fen END AS execution_pct, -- actual / budget, %
       p.actual_fen / 1000000.0 AS prior_actual,       -- 决算数 of year - 1, 万元
       (f.actual_fen - p.actual_fen) / 1000000.0 AS change, -- actual - prior_actual, 万元
       CASE WHEN p.actual_fen <> 0 THEN 100.0 * (f.actual_fen - p.actual_fen) / p.actual_fen END AS change_pct -- change / prior_actual, %
  FROM figures f
  LEFT JOIN figures p ON p.year = f.year - 1 AND p.department = f.department AND p.category_id = f.category_id;

-- Government procurement in 万元 with the SME shares and the year before.
CREATE VIEW procurement_comparison AS
SELECT r.year,                                      -- 年度
       r.department,                                -- 部门
       r.total_fen / 1000000.0 AS total,            -- 政府采购支出总额, 万元
       r.goods_fen / 1000000.0 AS goods,            -- 货物, 万元
       r.works_fen / 1000000.0 AS works,            -- 工程, 万元
       r.services_fen / 1000000.0 AS services,      -- 服务, 万元
       r.sme_fen / 1000000.0 AS sme,                -- 授予中小企业合同金额, 万元
       CASE WHEN r.total_fen <> 0 THEN 100.0 * r.sme_fen / r.total_fen END AS sme_share_pct, -- sme / total, %
       r.small_micro_fen / 1000000.0 AS small_micro, -- 授予小微企业合同金额, 万元
       CASE WHEN r.total_fen <> 0 THEN 100.0 * r.small_micro_fen / r.total_fen END AS small_micro_share_pct, -- small_micro / total, %
       p.total_fen / 1000000.0 AS prior_total,      -- total of year - 1, 万元
       (r.total_fen - p.total_fen) / 1000000.0 AS change, -- total - prior_total, 万元
       CASE WHEN p.total_fen <> 0 THEN 100.0 * (r.total_fen - p.total_fen) / p.total_fen END AS change_pct -- change / prior_total, %
  FROM procurement r
  LEFT JOIN procurement p ON p.year = r.year - 1 AND p.department = r.department;

-- Performance evaluations with their indicators' totals.
CREATE VIEW evaluation_results AS
SELECT e.year,                                          -- 年度
       e.department,                                    -- 部门
       e.project,                                       -- 项目名称
       e.method,                                        -- evaluation_methods.id
       m.label AS method_label,                         -- 评价方式
       e.unit,                                          -- 实施单位
       e.evaluator,                                     -- 评价机构
       e.budget_full_year_fen / 1000000.0 AS budget_full_year, -- 全年预算数, 万元
       e.executed_fen / 1000000.0 AS executed,          -- 全年执行数, 万元
       CASE WHEN e.budget_full_year_fen <> 0 THEN 100.0 * e.executed_fen / e.budget_full_year_fen END AS execution_pct, -- executed / budget_full_year, %
       e.score,                                         -- 得分
       e.grade,                                         -- 等级
       100 - e.score AS points_lost,                    -- points below 100
       (SELECT count(*) FROM indicators i
         WHERE i.year = e.year AND i.department = e.department AND i.project = e.project AND i.method = e.method) AS indicator_count, -- indicators loaded
       (SELECT sum(i.weight) FROM indicators i
         WHERE i.year = e.year AND i.department = e.department AND i.project = e.project AND i.method = e.method) AS weight_total,  -- their 分值, should be 100
       (SELECT sum(i.score) FROM indicators i
         WHERE i.year = e.year AND i.department = e.department AND i.project = e.project AND i.method = e.method) AS indicator_score_total -- their 得分, should equal score
  FROM evaluations e
  JOIN evaluation_methods m ON m.id = e.method;
