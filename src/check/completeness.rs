//! Rule family `completeness.*`: the standard tables a report leaves out,
//! from its `disclosures`. Always notes: a missing table is something to
//! know when reading the other findings (its figures are unverifiable),
//! not an error in the report's arithmetic.

use std::collections::BTreeSet;

use super::data::{Data, Key};
use super::finding::{Finding, Severity};
use crate::model::vocab::{CORE_STANDARD_TABLES, STANDARD_TABLES};

pub fn check(data: &Data, findings: &mut Vec<Finding>) {
    let keys: BTreeSet<&Key> = data.disclosures.iter().map(|d| &d.key).collect();
    for key in keys {
        let rows: Vec<_> = data.disclosures.iter().filter(|d| &d.key == key).collect();
        for row in rows.iter().filter(|d| d.status == "missing") {
            findings.push(
                Finding::new(
                    Severity::Info,
                    "completeness.table_missing",
                    key.0,
                    &key.1,
                    row.title.clone(),
                    "the report does not carry this standard table: its figures cannot be checked",
                )
                .at("disclosures", row.id),
            );
        }
        for table in &STANDARD_TABLES.terms[..CORE_STANDARD_TABLES] {
            if !rows.iter().any(|d| d.title == table.id) {
                findings.push(Finding::new(
                    Severity::Info,
                    "completeness.table_unlisted",
                    key.0,
                    &key.1,
                    table.id,
                    "the report's disclosures do not list this standard table (most reports carry it)",
                ));
            }
        }
    }
}
