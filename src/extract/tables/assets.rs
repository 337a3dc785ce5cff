//! The asset lines of a 国有资产占用情况表 (or of the combined 机构运行经费支出、
//! 国有资产占用情况及政府采购支出信息表) → the model's [`Asset`]s.
//!
//! A line's item is its label as printed (the whole fleet, however printed,
//! is `车辆总数`); a `数量` column is its quantity, a `金额` / `价值` / `原值`
//! column its value. A column that is neither (`决算数`, `统计数`) holds a
//! count or an amount by line, and the line's 计量单位 says which: `辆`,
//! `台(套)` … a count; `万元` / `元`, as the table's unit, an amount. A figure
//! whose 计量单位 does not say is noted and left out, never guessed.
//!
//! The national form prints the items across instead (资产总额 | 流动资产 |
//! 固定资产 … | 车辆数(辆)) over a 合计 line: each of its columns the
//! catalogue names (`value:ITEM`, `quantity:ITEM`) is an item; a column it
//! does not name is a note.

use crate::extract::model::{Asset, LineKey, StandardTable, Stated, TableId, TableLine};
use crate::model::value::{AmountUnit, Printed};
use rust_decimal::Decimal;

use super::catalogue;

/// What the whole fleet is printed as, after 其中 and a measure are dropped.
const FLEET: [&str; 7] = [
    "车辆总数",
    "车辆合计",
    "车辆数",
    "车辆",
    "车辆总计",
    "车辆数合计",
    "车辆总数合计",
];

/// The assets of the tables that print them, and what was left out.
pub fn of(tables: &[StandardTable]) -> (Vec<Asset>, Vec<String>) {
    let mut assets = Vec::new();
    let mut notes = Vec::new();
    for table in tables
        .iter()
        .filter(|t| matches!(t.id, TableId::Assets | TableId::OperationInfo))
    {
        for line in &table.lines {
            match line.key {
                LineKey::Item("asset") => assets.extend(asset_of(table, line, &mut notes)),
                LineKey::Item("total") => assets.extend(across(line)),
                _ => {}
            }
        }
    }
    (assets, notes)
}

fn asset_of(table: &StandardTable, line: &TableLine, notes: &mut Vec<String>) -> Option<Asset> {
    let (item, measure_in_label) = item_of(&line.label);
    let measure = line
        .text("measure")
        .map(catalogue::fold)
        .filter(|m| !m.is_empty())
        .or(measure_in_label);
    let mut asset = Asset {
        item,
        quantity: line.amount("quantity").map(printed),
        measure: None,
        value: line.amount("value"),
        source: line.source.clone(),
        from_table: true,
    };
    if let Some(stated) = line.amount("amount") {
        match measure.as_deref() {
            Some("万元") if table.unit == AmountUnit::Wan => asset.value = Some(stated),
            Some("元") if table.unit == AmountUnit::Yuan => asset.value = Some(stated),
            Some(m) if is_count(m) => asset.quantity = Some(printed(stated)),
            other => notes.push(format!(
                "{} {}: {} is left out: its 计量单位 ({}) does not say whether it is a count or an amount in the table's unit",
                line.source,
                asset.item,
                printed(stated).value,
                other.unwrap_or("none")
            )),
        }
    }
    if asset.quantity.is_some() {
        asset.measure = measure.filter(|m| is_count(m));
    }
    (asset.quantity.is_some() || asset.value.is_some()).then_some(asset)
}

/// The items of a line of items across: `value:资产总额`, `quantity:车辆总数`.
fn across(line: &TableLine) -> Vec<Asset> {
    line.amounts
        .iter()
        .filter_map(|(column, stated)| {
            let (field, item) = column.split_once(':')?;
            let counted = field == "quantity";
            Some(Asset {
                item: item.to_string(),
                quantity: counted.then(|| printed(*stated)),
                measure: counted.then(|| "辆".to_string()),
                value: (!counted).then_some(*stated),
                source: line.source.clone(),
                from_table: true,
            })
        })
        .collect()
}

/// A measure things are counted in (not a currency).
fn is_count(measure: &str) -> bool {
    !measure.is_empty() && !measure.ends_with('元') && !measure.contains('%')
}

/// The number as printed, from an amount read in the table's unit.
fn printed(stated: Stated) -> Printed {
    let (scale, extra) = match stated.printed {
        AmountUnit::Wan => (6, 0),
        AmountUnit::Yuan => (2, 4),
    };
    let mut value = Decimal::new(stated.fen, scale);
    let decimals = stated.decimals.saturating_sub(extra);
    value.rescale(decimals);
    Printed { value, decimals }
}

/// The item a label names, and a measure printed in it (`车辆（辆）`).
pub fn item_of(label: &str) -> (String, Option<String>) {
    let folded = catalogue::fold(label);
    let mut item = catalogue::strip_enumeration(&folded)
        .trim_start_matches("其中:")
        .trim_start_matches("其中")
        .to_string();
    let mut measure = None;
    if item.ends_with(')') {
        if let Some(open) = item.rfind('(') {
            let inner = &item[open + 1..item.len() - 1];
            if [
                "辆",
                "台",
                "套",
                "台(套)",
                "平方米",
                "个",
                "处",
                "万元",
                "元",
            ]
            .contains(&inner)
            {
                measure = Some(inner.to_string());
                item.truncate(open);
            }
        }
    }
    if FLEET.contains(&item.as_str()) {
        item = "车辆总数".to_string();
    }
    (item, measure)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_as_printed_and_the_fleet_by_one_name() {
        assert_eq!(
            item_of("一、车辆（辆）"),
            ("车辆总数".into(), Some("辆".into()))
        );
        assert_eq!(item_of("其中：一般公务用车"), ("一般公务用车".into(), None));
        assert_eq!(
            item_of("单价50万元以上通用设备（台）"),
            ("单价50万元以上通用设备".into(), Some("台".into()))
        );
        assert_eq!(item_of("车辆数"), ("车辆总数".into(), None));
        assert_eq!(
            item_of("车辆数合计（辆）"),
            ("车辆总数".into(), Some("辆".into()))
        );
    }

    #[test]
    fn a_count_is_the_number_as_printed_in_any_unit() {
        let s = |fen, decimals, printed| Stated {
            fen,
            decimals,
            printed,
        };
        assert_eq!(
            printed(s(3_000_000, 0, AmountUnit::Wan)).value.to_string(),
            "3"
        );
        assert_eq!(printed(s(300, 4, AmountUnit::Yuan)).value.to_string(), "3");
        assert_eq!(
            printed(s(1250, 6, AmountUnit::Yuan)).value.to_string(),
            "12.50"
        );
    }
}
