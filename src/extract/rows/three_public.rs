//! The "三公" rows: one per category stated, the reception counts, and the
//! one figure a subtotal or the total leaves open.
//!
//! A report that gives 公务用车购置及运行维护费 (`vehicle`) and one of its
//! parts gives the other part too: it is the subtotal minus the part. The
//! contract wants either `vehicle` or its parts, so the parts are written.
//! A category whose budget (or, for the year before, whose actual) is the
//! only one open is the "三公" total minus the others.

use super::{amount, minus, sum, Builder, Derivation, Row};
use crate::extract::model::Stated;
use crate::model::metric::Metric;
use crate::model::vocab::{VEHICLE, VEHICLE_PARTS};

/// One category: budget and actual of the year, actual of the year before.
#[derive(Clone, Copy, Debug, Default)]
struct Category {
    id: &'static str,
    budget: Option<Stated>,
    actual: Option<Stated>,
    prior: Option<Stated>,
}

/// The rows of the year and of the year before, and how the prior ones follow.
pub(super) struct Rows {
    pub current: Vec<Row>,
    pub prior: Vec<Row>,
    pub derivations: Vec<Derivation>,
}

pub(super) fn rows(b: &Builder, completed: &mut Vec<Derivation>) -> Rows {
    let claim = |id: &'static str| b.found.claim(&Metric::ThreePublic(Some(id)));
    let mut categories: Vec<Category> = [
        "outbound",
        VEHICLE,
        VEHICLE_PARTS[0],
        VEHICLE_PARTS[1],
        "reception",
    ]
    .into_iter()
    .filter_map(|id| {
        let c = claim(id)?;
        Some(Category {
            id,
            budget: c.figures.budget,
            actual: c.figures.value,
            prior: b.prior(&Metric::ThreePublic(Some(id))),
        })
    })
    .collect();
    for (id, counts) in [
        ("reception", b.found.reception),
        ("outbound", b.found.outbound),
    ] {
        if counts != (None, None) && !categories.iter().any(|c| c.id == id) {
            categories.push(Category {
                id,
                ..Category::default()
            });
        }
    }
    split_vehicle(&mut categories, completed);
    // A remainder belongs to the one open category only when every other
    // category is stated: one the text leaves out may be where it goes.
    let has = |id: &str| categories.iter().any(|c| c.id == id);
    let complete = has("outbound")
        && has("reception")
        && (has(VEHICLE) || VEHICLE_PARTS.iter().all(|p| has(p)));
    if let Some(total) = b
        .found
        .claim(&Metric::ThreePublic(None))
        .and_then(|t| t.figures.budget)
        .filter(|_| complete)
    {
        remainder(
            &mut categories,
            total,
            |c| &mut c.budget,
            "budget",
            completed,
        );
    }
    let mut derivations = Vec::new();
    for c in &categories {
        let figures = claim(c.id).map(|claim| &claim.figures);
        if let (Some(prior), Some(value), Some(change)) = (
            c.prior,
            figures.and_then(|f| f.value),
            figures.and_then(|f| f.change),
        ) {
            derivations.push(Derivation {
                kind: "three_public",
                figure: c.id.to_string(),
                value: amount(prior),
                how: super::stated_change(value, change),
            });
        }
    }
    if let Some(total) = b.prior(&Metric::ThreePublic(None)).filter(|_| complete) {
        remainder(
            &mut categories,
            total,
            |c| &mut c.prior,
            "of the year before",
            &mut derivations,
        );
    }
    // The vehicles kept go with the running costs, or the subtotal.
    let vehicle_row = [VEHICLE_PARTS[1], VEHICLE]
        .into_iter()
        .find(|id| categories.iter().any(|c| c.id == *id))
        .unwrap_or("");
    let current = categories
        .iter()
        .map(|c| current_row(b, c, vehicle_row))
        .collect();
    let prior = categories
        .iter()
        .filter_map(|c| {
            let mut row = b.row(b.found.year - 1);
            row.insert("category", c.id.to_string());
            row.insert("actual", amount(c.prior?));
            Some(row)
        })
        .collect();
    Rows {
        current,
        prior,
        derivations,
    }
}

fn current_row(b: &Builder, c: &Category, vehicle_row: &str) -> Row {
    let mut row = b.row(b.found.year);
    row.insert("category", c.id.to_string());
    if let Some(budget) = c.budget {
        row.insert("budget", amount(budget));
    }
    if let Some(actual) = c.actual {
        row.insert("actual", amount(actual));
    }
    let counts = match c.id {
        "reception" => b.found.reception,
        "outbound" => b.found.outbound,
        _ => (None, None),
    };
    if let Some(n) = counts.0 {
        row.insert("batches", n.to_string());
    }
    if let Some(n) = counts.1 {
        row.insert("persons", n.to_string());
    }
    if let Some(n) = b.found.vehicles.filter(|_| c.id == vehicle_row) {
        row.insert("vehicles", n.to_string());
    }
    row
}

/// `vehicle` with one part stated: the other part is `vehicle` − that part,
/// and `vehicle` itself gives way to its parts.
fn split_vehicle(categories: &mut Vec<Category>, completed: &mut Vec<Derivation>) {
    let find = |categories: &[Category], id: &str| categories.iter().find(|c| c.id == id).copied();
    let Some(vehicle) = find(categories, VEHICLE) else {
        return;
    };
    let parts: Vec<Category> = VEHICLE_PARTS
        .iter()
        .filter_map(|p| find(categories, p))
        .collect();
    if parts.is_empty() {
        return;
    }
    categories.retain(|c| c.id != VEHICLE);
    let [part] = parts.as_slice() else {
        return;
    };
    let missing = if part.id == VEHICLE_PARTS[0] {
        VEHICLE_PARTS[1]
    } else {
        VEHICLE_PARTS[0]
    };
    let difference = |a: Option<Stated>, b: Option<Stated>| a.zip(b).map(|(a, b)| minus(a, b));
    let derived = Category {
        id: missing,
        budget: difference(vehicle.budget, part.budget),
        actual: difference(vehicle.actual, part.actual),
        prior: difference(vehicle.prior, part.prior),
    };
    if let (Some(actual), Some(v), Some(p)) = (derived.actual, vehicle.actual, part.actual) {
        completed.push(Derivation {
            kind: "three_public",
            figure: format!("{missing} actual"),
            value: amount(actual),
            how: format!("{VEHICLE} {} − {} {}", amount(v), part.id, amount(p)),
        });
    }
    categories.push(derived);
}

/// Fills the one open cell of `field` as `total` minus the others, when
/// exactly one is open and the result is not negative.
fn remainder(
    categories: &mut [Category],
    total: Stated,
    field: fn(&mut Category) -> &mut Option<Stated>,
    what: &str,
    derivations: &mut Vec<Derivation>,
) {
    let mut open = Vec::new();
    let mut known = Vec::new();
    for (n, c) in categories.iter_mut().enumerate() {
        match *field(c) {
            Some(v) => known.push((c.id, v)),
            None => open.push(n),
        }
    }
    let [only] = open.as_slice() else {
        return;
    };
    let value = minus(
        total,
        sum(&known.iter().map(|(_, v)| *v).collect::<Vec<_>>()),
    );
    let Some(c) = categories.get_mut(*only).filter(|_| value.fen >= 0) else {
        return;
    };
    *field(c) = Some(value);
    let terms: Vec<String> = known
        .iter()
        .map(|(id, v)| format!("{id} {}", amount(*v)))
        .collect();
    derivations.push(Derivation {
        kind: "three_public",
        figure: format!("{} {what}", c.id),
        value: amount(value),
        how: format!("\"三公\" total {} − {}", amount(total), terms.join(" − ")),
    });
}
