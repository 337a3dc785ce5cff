//! The standard tables' lines as contract rows (contract §6, "Where each
//! table's figures go"), each with its `source`, and a `disclosures` row
//! for every standard table: present, empty, or missing.
//!
//! A figure printed in two tables (支出决算表's 类 lines and 收入支出决算总表's
//! expenditure side; 一般公共预算财政拨款支出决算表's 合计 and 财政拨款收入支出决算
//! 总表's) is one row: the more detailed table is read first, the other
//! fills only what it lacks, and a figure that disagrees is noted and left
//! out, so `import` never sees one key twice.

use std::collections::BTreeMap;

use super::{amount, Row};
use crate::extract::model::{Extracted, LineKey, StandardTable, TableId, TableLine, TableStatus};
use crate::model::classes::function_class_name;
use crate::model::kinds::{self, Kind};
use crate::model::vocab;

/// Rows by kind, in the order they were first put.
#[derive(Default)]
pub struct TableRows {
    rows: Vec<(&'static Kind, Row)>,
    index: BTreeMap<(&'static str, Vec<String>), usize>,
    pub notes: Vec<String>,
}

impl TableRows {
    /// The rows of a kind.
    pub fn of(&self, kind: &Kind) -> impl Iterator<Item = &Row> {
        let name = kind.name;
        self.rows
            .iter()
            .filter(move |(k, _)| k.name == name)
            .map(|(_, r)| r)
    }

    /// Adds a row, or fills the row of the same key with what it lacks.
    fn put(&mut self, kind: &'static Kind, row: Row) {
        let key: Vec<String> = kind
            .key
            .iter()
            .map(|k| row.get(k).cloned().unwrap_or_default())
            .collect();
        let Some(&at) = self.index.get(&(kind.name, key.clone())) else {
            self.index.insert((kind.name, key), self.rows.len());
            self.rows.push((kind, row));
            return;
        };
        let existing = &mut self.rows[at].1;
        let new_source = source_of(&row);
        for (column, value) in row {
            match existing.get(column) {
                None => {
                    existing.insert(column, value);
                }
                Some(kept)
                    if kept == &value
                        || matches!(column, "source" | "provenance")
                        || kind.name == "function_classes" => {}
                Some(kept) => self.notes.push(format!(
                    "{} {} {column}: {new_source} prints {value}, {} prints {kept}; {kept} is kept",
                    kind.name,
                    key.get(2..).unwrap_or_default().join(" "),
                    source_of(existing),
                )),
            }
        }
    }
}

fn source_of(row: &Row) -> String {
    row.get("source")
        .or_else(|| row.get("provenance"))
        .cloned()
        .unwrap_or_default()
}

/// The order tables are read in: the detailed before the overviews.
const PRECEDENCE: [TableId; 12] = [
    TableId::Expenditure,
    TableId::Income,
    TableId::GeneralExpenditure,
    TableId::GovFund,
    TableId::StateCapital,
    TableId::GeneralBasic,
    TableId::ThreePublic,
    TableId::Overview,
    TableId::FiscalOverview,
    TableId::OperatingCosts,
    TableId::Procurement,
    TableId::OperationInfo,
];

/// Every row the standard tables give, and the disclosures.
pub fn rows(found: &Extracted) -> TableRows {
    let mut out = TableRows::default();
    if found.tables.is_empty() && !found.tables_read {
        return out;
    }
    let base = || {
        Row::from([
            ("year", found.year.to_string()),
            ("department", found.department.clone()),
        ])
    };
    for id in PRECEDENCE {
        for table in found.tables.iter().filter(|t| t.id == id) {
            let mut put =
                |kind: &'static Kind, line: &TableLine, cells: Vec<(&'static str, String)>| {
                    let mut row = base();
                    row.insert(
                        if kind.name == "income" {
                            "provenance"
                        } else {
                            "source"
                        },
                        line.source.clone(),
                    );
                    row.extend(cells);
                    out.put(kind, row);
                };
            for line in &table.lines {
                lines_of(table, line, &mut put);
                // The names the report prints for its functional codes.
                if let (LineKey::Code(code), false) = (&line.key, table.id == TableId::GeneralBasic)
                {
                    let name = name_of(line, code);
                    if !name.is_empty() {
                        put(
                            &kinds::FUNCTION_CLASSES,
                            line,
                            vec![("code", code.clone()), ("name", name)],
                        );
                    }
                }
            }
        }
    }
    for id in TableId::ALL {
        let mut row = base();
        row.insert("title", id.title().to_string());
        match found.tables.iter().find(|t| t.id == id) {
            Some(table) => printed(&mut row, &found.file, table),
            None => {
                row.insert("status", "missing".to_string());
                row.insert("source", found.file.clone());
            }
        }
        out.put(&kinds::DISCLOSURES, row);
    }
    // The tables only some reports add: a row when printed, none when not.
    for table in found.tables.iter().filter(|t| t.id.is_optional()) {
        for id in table.id.disclosed() {
            let mut row = base();
            row.insert("title", id.title().to_string());
            printed(&mut row, &found.file, table);
            // Over the empty note: where the table is to be found says more.
            if table.id != *id {
                row.insert("note", format!("printed in {}", table.id.title()));
            }
            out.put(&kinds::DISCLOSURES, row);
        }
    }
    out
}

/// A `disclosures` row's status, page, source and note for a table the
/// report prints (with figures, or empty).
fn printed(row: &mut Row, file: &str, table: &StandardTable) {
    let status = match table.status {
        TableStatus::Present => "present",
        TableStatus::Empty => "empty",
    };
    row.insert("status", status.to_string());
    if let Some(page) = table.page {
        row.insert("page", page.to_string());
    }
    row.insert("source", format!("{file} {}", table.place));
    if table.status == TableStatus::Empty {
        row.insert("note", "printed without figures (本表无数据)".to_string());
    }
}

type Put<'a> = dyn FnMut(&'static Kind, &TableLine, Vec<(&'static str, String)>) + 'a;

/// The columns of a line, renamed: `(line column, row column)`.
fn cells(line: &TableLine, names: &[(&str, &'static str)]) -> Vec<(&'static str, String)> {
    names
        .iter()
        .filter_map(|(from, to)| line.amount(from).map(|s| (*to, amount(s))))
        .collect()
}

fn with(
    mut cells: Vec<(&'static str, String)>,
    more: &[(&'static str, &str)],
) -> Vec<(&'static str, String)> {
    cells.extend(more.iter().map(|(c, v)| (*c, v.to_string())));
    cells
}

fn name_of(line: &TableLine, code: &str) -> String {
    if line.label.is_empty() {
        function_class_name(code).unwrap_or_default().to_string()
    } else {
        line.label.clone()
    }
}

fn lines_of(table: &StandardTable, line: &TableLine, put: &mut Put) {
    match (table.id, line.side, &line.key) {
        (TableId::Overview, 0, LineKey::Item(id)) => {
            if vocab::INCOME_SOURCES.terms.iter().any(|t| t.id == *id) {
                let cells = cells(line, &[("amount", "amount")]);
                if !cells.is_empty() {
                    put(&kinds::INCOME, line, with(cells, &[("source", id)]));
                }
            } else {
                report(line, id, put);
            }
        }
        (TableId::Overview, _, LineKey::Code(code)) => {
            let cells = cells(line, &[("amount", "total")]);
            if !cells.is_empty() {
                let name = name_of(line, code);
                put(
                    &kinds::EXPENDITURES,
                    line,
                    with(cells, &[("fund", "all"), ("code", code), ("name", &name)]),
                );
            }
        }
        (TableId::Overview, _, LineKey::Item(id)) => {
            let column = match *id {
                "basic" => "basic_expenditure",
                "project" => "project_expenditure",
                other => other,
            };
            report(line, column, put);
        }
        (TableId::Income, _, key) => {
            let code = match key {
                LineKey::Code(code) => Some(code.as_str()),
                LineKey::Total => None,
                LineKey::Item(_) => return,
            };
            for (column, stated) in &line.amounts {
                if *column == "total" {
                    continue;
                }
                let mut cells = vec![("source", column.to_string()), ("amount", amount(*stated))];
                if let Some(code) = code {
                    cells.push(("code", code.to_string()));
                }
                put(&kinds::INCOME, line, cells);
            }
        }
        (TableId::Expenditure, _, LineKey::Code(code)) => {
            let cells = cells(line, &EXPENDITURE_COLUMNS);
            if !cells.is_empty() {
                let name = name_of(line, code);
                put(
                    &kinds::EXPENDITURES,
                    line,
                    with(cells, &[("fund", "all"), ("code", code), ("name", &name)]),
                );
            }
        }
        (TableId::Expenditure, _, LineKey::Total) => {
            let cells = cells(
                line,
                &[
                    ("total", "expenditure_current"),
                    ("basic", "basic_expenditure"),
                    ("project", "project_expenditure"),
                ],
            );
            if !cells.is_empty() {
                put(&kinds::REPORTS, line, cells);
            }
        }
        (TableId::FiscalOverview, 0, LineKey::Item(id)) => {
            let Some(stated) = line.amount("fiscal") else {
                return;
            };
            let (fund, field) = match *id {
                "general" | "gov_fund" | "state_capital" => (*id, "income"),
                "income" => ("fiscal", "income"),
                "carryover_begin" => ("fiscal", "carryover_begin"),
                other => match other.split_once(':') {
                    Some((field, fund)) => (fund, field),
                    None => return,
                },
            };
            put(
                &kinds::FUND_ACCOUNTS,
                line,
                vec![("fund", fund.to_string()), (field, amount(stated))],
            );
        }
        (TableId::FiscalOverview, _, LineKey::Code(code)) => {
            let name = name_of(line, code);
            for (fund, stated) in &line.amounts {
                put(
                    &kinds::EXPENDITURES,
                    line,
                    vec![
                        ("fund", fund.to_string()),
                        ("code", code.clone()),
                        ("name", name.clone()),
                        ("total", amount(*stated)),
                    ],
                );
            }
        }
        (TableId::FiscalOverview, _, LineKey::Item(id)) => {
            let (field, only) = match id.split_once(':') {
                Some((field, fund)) => (field, Some(fund)),
                None => (*id, None),
            };
            if !matches!(field, "expenditure" | "carryover_end") {
                return;
            }
            for (column, stated) in &line.amounts {
                let fund = only.unwrap_or(column);
                put(
                    &kinds::FUND_ACCOUNTS,
                    line,
                    vec![("fund", fund.to_string()), (field, amount(*stated))],
                );
            }
        }
        (TableId::GeneralExpenditure, _, LineKey::Code(code)) => {
            let cells = cells(
                line,
                &[
                    ("total", "total"),
                    ("basic", "basic"),
                    ("project", "project"),
                    ("budget_initial", "budget_initial"),
                ],
            );
            if !cells.is_empty() {
                let name = name_of(line, code);
                put(
                    &kinds::EXPENDITURES,
                    line,
                    with(
                        cells,
                        &[("fund", "general"), ("code", code), ("name", &name)],
                    ),
                );
            }
        }
        (TableId::GeneralExpenditure, _, LineKey::Total) => {
            let cells = cells(
                line,
                &[
                    ("total", "expenditure"),
                    ("basic", "basic"),
                    ("project", "project"),
                ],
            );
            if !cells.is_empty() {
                put(
                    &kinds::FUND_ACCOUNTS,
                    line,
                    with(cells, &[("fund", "general")]),
                );
            }
        }
        (TableId::GeneralBasic, _, LineKey::Code(code)) => {
            if let Some(stated) = line.amount("amount") {
                put(
                    &kinds::ECONOMIC_EXPENDITURES,
                    line,
                    vec![
                        ("fund", "general".to_string()),
                        ("code", code.clone()),
                        ("name", line.label.clone()),
                        ("amount", amount(stated)),
                    ],
                );
            }
        }
        (TableId::ThreePublic, _, key) => three_public(table, line, key, put),
        (TableId::OperatingCosts | TableId::OperationInfo, _, LineKey::Item("operating_costs")) => {
            if let Some(stated) = line.amount("amount") {
                put(
                    &kinds::REPORTS,
                    line,
                    vec![("operating_costs", amount(stated))],
                );
            }
        }
        (TableId::Procurement | TableId::OperationInfo, _, LineKey::Item(id)) => {
            let Some(field) = id.strip_prefix("procurement:") else {
                return;
            };
            // Across (货物 | 工程 | 服务 … columns), or down (one line a field).
            let mut cells = cells(line, &PROCUREMENT_COLUMNS);
            if let Some(stated) = line.amount("amount") {
                cells.push((field, amount(stated)));
            }
            if !cells.is_empty() {
                put(&kinds::PROCUREMENT, line, cells);
            }
        }
        (TableId::GovFund | TableId::StateCapital, _, key) => {
            let fund = if table.id == TableId::GovFund {
                "gov_fund"
            } else {
                "state_capital"
            };
            let mut cells = cells(line, &FUND_COLUMNS);
            if cells.is_empty() {
                return;
            }
            match key {
                LineKey::Code(code) => {
                    cells.push(("code", code.clone()));
                    cells.push(("name", name_of(line, code)));
                }
                LineKey::Total => {}
                LineKey::Item(_) => return,
            }
            cells.push(("fund", fund.to_string()));
            put(&kinds::FUND_ACCOUNTS, line, cells);
        }
        _ => {}
    }
}

const EXPENDITURE_COLUMNS: [(&str, &str); 6] = [
    ("total", "total"),
    ("basic", "basic"),
    ("project", "project"),
    ("remit_superior", "remit_superior"),
    ("operating", "operating"),
    ("affiliated_subsidy", "affiliated_subsidy"),
];

const PROCUREMENT_COLUMNS: [(&str, &str); 6] = [
    ("total", "total"),
    ("goods", "goods"),
    ("works", "works"),
    ("services", "services"),
    ("sme", "sme"),
    ("small_micro", "small_micro"),
];

const FUND_COLUMNS: [(&str, &str); 6] = [
    ("carryover_begin", "carryover_begin"),
    ("income", "income"),
    ("expenditure", "expenditure"),
    ("basic", "basic"),
    ("project", "project"),
    ("carryover_end", "carryover_end"),
];

/// A `reports` column of an overview.
fn report(line: &TableLine, column: &str, put: &mut Put) {
    let Some(column) = kinds::REPORTS.column(column).map(|c| c.name) else {
        return;
    };
    if let Some(stated) = line.amount("amount") {
        put(&kinds::REPORTS, line, vec![(column, amount(stated))]);
    }
}

/// The "三公" table: one line of `budget:CATEGORY` / `actual:CATEGORY`
/// columns, or one line per category. Its 合计 and 小计 are derived, never
/// imported; 小计 stands in for its parts only when they are not printed.
fn three_public(table: &StandardTable, line: &TableLine, key: &LineKey, put: &mut Put) {
    let mut by_category: BTreeMap<&str, Vec<(&'static str, String)>> = BTreeMap::new();
    for (column, stated) in &line.amounts {
        let (field, category) = match (column.split_once(':'), key) {
            (Some((field, category)), _) => (field, category),
            (None, LineKey::Item(category)) => (*column, *category),
            _ => continue,
        };
        let field: &'static str = if field == "budget" {
            "budget"
        } else {
            "actual"
        };
        by_category
            .entry(category)
            .or_default()
            .push((field, amount(*stated)));
    }
    // The parts on this line (one line across) or on lines of their own.
    let parts_given = vocab::VEHICLE_PARTS.iter().any(|p| {
        by_category.contains_key(p)
            || table
                .lines
                .iter()
                .any(|l| l.key == LineKey::Item(p) && !l.amounts.is_empty())
    });
    for (category, cells) in by_category {
        if category == "total" || (category == vocab::VEHICLE && parts_given) {
            continue;
        }
        put(
            &kinds::THREE_PUBLIC,
            line,
            with(cells, &[("category", category)]),
        );
    }
}
