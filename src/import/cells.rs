//! From a file's header and fields to the values of a table row.

use rusqlite::types::Value;

use crate::model::kinds::{suggest, Column, Kind, ValueType};
use crate::model::metric::Metric;
use crate::model::names::Aliases;
use crate::model::value::{self, AmountUnit, ValueError};

/// Columns every import passes over: a spreadsheet's row numbers.
pub const ALWAYS_IGNORED: [&str; 1] = ["序号"];

/// Which column of the kind each field of the file fills.
#[derive(Debug)]
pub struct Header {
    /// For each field position, the index of the kind's column it fills;
    /// `None` for a column ignored (`序号`, `--ignore-column`).
    pub fields: Vec<Option<usize>>,
    /// For each of the kind's columns, its field position (0-based), if present.
    pub positions: Vec<Option<usize>>,
}

/// True when the (folded) header is one of the columns to pass over:
/// [`ALWAYS_IGNORED`] or `ignored` (folded already).
pub fn is_ignored(folded: &str, ignored: &[String]) -> bool {
    ALWAYS_IGNORED.contains(&folded) || ignored.iter().any(|name| name == folded)
}

impl Header {
    /// True when a folded cell names one of the kind's columns or a column
    /// to ignore: the cell of a header, not of a title.
    pub fn names_a_column(kind: &Kind, folded: &str, ignored: &[String]) -> bool {
        is_ignored(folded, ignored)
            || kind
                .columns
                .iter()
                .any(|c| c.from_header() && c.matches_header(folded))
    }

    /// Matches a header row against the kind's columns, passing over the
    /// columns to ignore (`ignored` folded with `fold_for_matching`). Every
    /// problem is returned as (field position, message), position 0-based.
    pub fn match_columns(
        kind: &Kind,
        names: &[String],
        ignored: &[String],
    ) -> Result<Header, Vec<(Option<usize>, String)>> {
        let mut fields = Vec::with_capacity(names.len());
        let mut positions = vec![None; kind.columns.len()];
        let mut problems = Vec::new();
        for (position, name) in names.iter().enumerate() {
            let folded = value::fold_for_matching(name);
            if is_ignored(&folded, ignored) {
                fields.push(None);
                continue;
            }
            let found = kind
                .columns
                .iter()
                .position(|c| c.from_header() && c.matches_header(&folded));
            match found {
                Some(index) => {
                    if let Some(first) = positions[index] {
                        problems.push((
                            Some(position),
                            format!(
                                "column \"{name}\" repeats column {} (both mean {}); remove one",
                                first + 1,
                                kind.columns[index].name
                            ),
                        ));
                    } else {
                        positions[index] = Some(position);
                    }
                    fields.push(Some(index));
                }
                None if folded.is_empty() => problems.push((
                    Some(position),
                    format!(
                        "column {} has no name; every column needs a header",
                        position + 1
                    ),
                )),
                None => problems.push((Some(position), unknown_column(kind, name))),
            }
        }
        if fields.iter().all(Option::is_none) && !names.is_empty() {
            // Nothing matched: one message about the row, not one per field.
            return Err(vec![(None, no_header(kind, names))]);
        }
        for (index, column) in kind.columns.iter().enumerate() {
            if column.required && positions[index].is_none() {
                problems.push((
                    None,
                    format!(
                        "missing required column {}{}",
                        column.name,
                        column
                            .aliases
                            .first()
                            .map(|a| format!(" ({a})"))
                            .unwrap_or_default()
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(Header { fields, positions })
        } else {
            Err(problems)
        }
    }
}

/// Characters that separate fields in files saved with the wrong separator.
const OTHER_SEPARATORS: [char; 4] = [';', '|', '\t', ','];

const SEPARATOR_HINT: &str =
    "is the file separated by something else? .csv files are split at commas, .tsv files at tabs";

/// The message for a first row that names none of the kind's columns: a
/// missing header, or a file with another separator.
fn no_header(kind: &Kind, names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let shown = shown.join("\", \"");
    let example: Vec<&str> = kind
        .columns
        .iter()
        .filter(|c| c.from_header())
        .map(|c| c.name)
        .collect();
    let hint = match names
        .iter()
        .find_map(|n| n.chars().find(|c| OTHER_SEPARATORS.contains(c)))
    {
        Some(separator) => format!(" (it holds {separator:?}: {SEPARATOR_HINT})"),
        None => String::new(),
    };
    format!(
        "the first row (\"{}\"…) names none of the columns of {}{hint}; the first row (after any title rows) must be a header naming the columns, such as {}",
        shown.chars().take(200).collect::<String>(),
        kind.name,
        example.join(",")
    )
}

fn unknown_column(kind: &Kind, name: &str) -> String {
    let headers = kind
        .columns
        .iter()
        .filter(|c| c.from_header())
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()));
    let hint = match suggest(name, headers) {
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None if name.contains(OTHER_SEPARATORS) => format!(" ({SEPARATOR_HINT})"),
        None => String::new(),
    };
    let known: Vec<&str> = kind
        .columns
        .iter()
        .filter(|c| c.from_header())
        .map(|c| c.name)
        .collect();
    format!(
        "unknown column \"{name}\" for kind {}{hint}; its columns are {}",
        kind.name,
        known.join(", ")
    )
}

/// What cell parsing needs from the import under way.
pub struct CellContext<'a> {
    pub unit: AmountUnit,
    pub aliases: &'a Aliases,
}

/// Parses one cell of `column` into its database values (one, or two for
/// stated figures: the value and its printed decimals). `None` means empty.
pub fn parse_cell(
    column: &Column,
    raw: &str,
    ctx: &CellContext,
) -> Result<Option<[Value; 2]>, ValueError> {
    if let ValueType::ImportUnit = column.ty {
        return Ok(Some([
            Value::Text(ctx.unit.label().to_string()),
            Value::Null,
        ]));
    }
    if let ValueType::Name | ValueType::Text = column.ty {
        value::check_characters(raw, matches!(column.ty, ValueType::Name))?;
    }
    let normalized = value::normalize(raw);
    if value::is_empty_marker(&normalized) {
        return Ok(None);
    }
    let text = normalized.as_ref();
    let one = |v: Value| Ok(Some([v, Value::Null]));
    match column.ty {
        ValueType::Year => one(Value::Integer(value::parse_year(text)?)),
        ValueType::Name => one(Value::Text(ctx.aliases.resolve(raw.trim()).to_string())),
        ValueType::Text => one(Value::Text(raw.trim().to_string())),
        ValueType::Count => one(Value::Integer(value::parse_count(text)?)),
        ValueType::Amount => one(Value::Integer(value::parse_amount(text, ctx.unit)?.0)),
        ValueType::StatedAmount => {
            let (fen, decimals) = value::parse_amount(text, ctx.unit)?;
            Ok(Some([
                Value::Integer(fen),
                Value::Integer(i64::from(decimals)),
            ]))
        }
        ValueType::StatedPercent => {
            let printed = value::parse_percent(text)?;
            Ok(Some([
                Value::Real(value::to_real(printed)),
                Value::Integer(i64::from(printed.decimals)),
            ]))
        }
        ValueType::Number => one(Value::Real(value::to_real(value::parse_decimal(text)?))),
        ValueType::Code(kind) => one(Value::Text(value::parse_code(text, kind)?)),
        ValueType::Term(vocabulary) => match vocabulary.find(text) {
            Some(term) => one(Value::Text(term.id.to_string())),
            None => Err(ValueError(format!(
                "unknown {} \"{text}\"{}; expected one of {}",
                vocabulary.what,
                suggest(
                    text,
                    vocabulary
                        .terms
                        .iter()
                        .flat_map(|t| std::iter::once(t.id).chain(t.names.iter().copied()))
                )
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default(),
                vocabulary.listing()
            ))),
        },
        ValueType::Metric => one(Value::Text(Metric::parse(text)?.to_string())),
        ValueType::ImportUnit => unreachable_unit(),
    }
}

/// Handled before the cell is read; kept apart so the match stays exhaustive.
fn unreachable_unit() -> Result<Option<[Value; 2]>, ValueError> {
    Ok(None)
}
