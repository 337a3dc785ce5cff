//! The counts a narrative's 国有资产占用 paragraph gives: `共有车辆2辆，其中：
//! 一般公务用车1辆、其他用车1辆。单价100万元（含）以上设备（不含车辆）0台（套）`
//! → one `assets` item per count, named as printed, with its measure.
//!
//! Of the amounts, only the totals of a whole class (`资产总额1234.56万元`,
//! `固定资产原值…元`) are read, as the value of that item: a list of parts
//! (`土地、房屋及构筑物700221元`) cannot be split at its `、` with certainty.
//!
//! Only clauses that end in a count of a measure an asset is counted in
//! (辆, 台（套）…) are read, and only in a paragraph about state-owned
//! assets: a vehicle count elsewhere (`公务用车保有量2辆`) belongs to the
//! "三公" account, not here.

use crate::extract::model::{Asset, Stated};
use crate::model::value::{self, AmountUnit, Printed};

/// The totals whose value a clause may state, longest first: the item is
/// the name itself, whatever precedes it (`本部门资产总额`).
const VALUED: [&str; 11] = [
    "固定资产原值合计",
    "资产原值合计",
    "固定资产原值",
    "资产原值",
    "资产总额",
    "资产总计",
    "资产总值",
    "固定资产",
    "流动资产",
    "无形资产",
    "对外投资",
];

/// The measures an asset is counted in, longest first.
const MEASURES: [&str; 9] = ["台(套)", "平方米", "辆", "台", "套", "处", "栋", "亩", "个"];

/// What the whole fleet is printed as; it is stored as `车辆总数`.
const FLEET: [&str; 4] = ["车辆总数", "车辆合计", "车辆数", "车辆"];

/// The name `assets.item` gives the whole fleet.
pub const FLEET_ITEM: &str = "车辆总数";

/// Whether a folded sentence opens (or is part of) an account of the
/// state-owned assets.
pub fn about_assets(folded: &str) -> bool {
    folded.contains("国有资产占有") || folded.contains("国有资产占用")
}

/// The asset counts of one folded sentence of such a paragraph.
pub fn read(folded: &str) -> Vec<Asset> {
    let mut found: Vec<Asset> = Vec::new();
    let body = folded.trim_end_matches(['。', '.']);
    for clause in body.split([',', ';', '、', ':', '。']) {
        if let Some(asset) = valued(clause) {
            if !found.iter().any(|a| a.item == asset.item) {
                found.push(asset);
            }
            continue;
        }
        let Some((label, quantity, measure)) = counted(clause) else {
            continue;
        };
        let Some(item) = item_of(label) else {
            continue;
        };
        if found.iter().any(|a| a.item == item) {
            continue; // the first count of an item is its count
        }
        found.push(Asset {
            item,
            quantity: Some(quantity),
            measure: Some(measure.to_string()),
            value: None,
            source: String::new(),
            from_table: false,
        });
    }
    found
}

/// A clause ending in `TOTAL NUMBER 万元|元`, TOTAL one of [`VALUED`].
fn valued(clause: &str) -> Option<Asset> {
    let (before, unit) = if let Some(before) = clause.strip_suffix("万元") {
        (before, AmountUnit::Wan)
    } else {
        (clause.strip_suffix('元')?, AmountUnit::Yuan)
    };
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, _)| i)?;
    let number = &before[start..];
    let label = before[..start].trim_end_matches(['为', '是', ':']);
    if MOVEMENTS.iter().any(|m| label.contains(m)) {
        return None;
    }
    let item = VALUED.iter().find(|name| label.ends_with(*name))?;
    let printed = value::parse_decimal(number).ok()?;
    let fen = value::to_fen(printed, unit, number).ok()?;
    let extra = if unit == AmountUnit::Yuan { 4 } else { 0 };
    Some(Asset {
        item: item.to_string(),
        quantity: None,
        measure: None,
        value: Some(Stated {
            fen,
            decimals: printed.decimals + extra,
            printed: unit,
        }),
        source: String::new(),
        from_table: false,
    })
}

/// A change or a movement (`较上年新增车辆1辆`, `报废2辆`) is not what is held.
const MOVEMENTS: [&str; 12] = [
    "增加", "减少", "新增", "增长", "下降", "购置", "购买", "报废", "处置", "调入", "调出", "上年",
];

/// A clause ending in `NUMBER MEASURE`: the words before, the number, the
/// measure.
fn counted(clause: &str) -> Option<(&str, Printed, &'static str)> {
    let measure = MEASURES.iter().find(|m| clause.ends_with(*m))?;
    let before = &clause[..clause.len() - measure.len()];
    let digits_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map(|(i, _)| i)?;
    let number = &before[digits_start..];
    if number.starts_with('.') {
        return None;
    }
    let printed = value::parse_decimal(number).ok()?;
    Some((&before[..digits_start], printed, measure))
}

/// The item a clause's words name, or None when they name nothing certain.
fn item_of(label: &str) -> Option<String> {
    let mut label = label.trim_start_matches("其中").trim_start_matches(':');
    if let Some(at) = label.rfind("共有") {
        label = &label[at + "共有".len()..];
    }
    let label = label.trim_end_matches(['为', '共', '计', '有']);
    if MOVEMENTS.iter().any(|m| label.contains(m)) {
        return None;
    }
    if FLEET.iter().any(|f| label.ends_with(f)) && !label.contains("用车") {
        return Some(FLEET_ITEM.to_string());
    }
    let cjk = label.chars().filter(|c| !c.is_ascii()).count();
    // A name, not a sentence: an item such as 一般公务用车 or
    // 单价100万元(含)以上设备(不含车辆), ending in what it counts.
    let names_a_thing = ["车", "设备", "房屋", "用房", "土地", "资产"]
        .iter()
        .any(|end| label.contains(end));
    (cjk >= 2 && label.chars().count() <= 30 && names_a_thing).then(|| label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(folded: &str) -> Vec<String> {
        read(folded)
            .into_iter()
            .map(|a| {
                format!(
                    "{} {}{}",
                    a.item,
                    a.quantity.unwrap().value,
                    a.measure.unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn the_sample_paragraph() {
        assert_eq!(
            items("(三)国有资产占有使用情况说明截至2024年12月31日,某部共有车辆0辆,其中:部级领导干部用车0辆、一般公务用车2辆、特种专业技术用车0辆、其他用车1辆。"),
            [
                "车辆总数 0辆",
                "部级领导干部用车 0辆",
                "一般公务用车 2辆",
                "特种专业技术用车 0辆",
                "其他用车 1辆"
            ]
        );
        assert_eq!(
            items("单价100万元(含)以上设备(不含车辆)0台(套)。"),
            ["单价100万元(含)以上设备(不含车辆) 0台(套)"]
        );
        assert_eq!(
            items("本单位车辆总数为3辆,单价50万元以上通用设备1台,单价100万元以上专用设备0台。"),
            [
                "车辆总数 3辆",
                "单价50万元以上通用设备 1台",
                "单价100万元以上专用设备 0台"
            ]
        );
    }

    #[test]
    fn the_value_of_a_whole_class() {
        let values: Vec<String> = read("截至2022年12月31日,资产原值合计2110003.55元,其中:(1)土地、房屋及构筑物700221元,固定资产1234.5万元,比上年增加资产总额3万元。")
            .into_iter()
            .map(|a| format!("{} {}", a.item, crate::extract::model::amount(a.value.unwrap())))
            .collect();
        assert_eq!(values, ["资产原值合计 211.000355", "固定资产 1234.5"]);
    }

    #[test]
    fn counts_that_are_not_asset_items_are_left_out() {
        assert!(items("截至2024年12月31日,共有在职人员12个。").is_empty());
        assert!(items("主要原因是新增2辆").is_empty());
        assert!(items("较上年新增车辆1辆").is_empty());
        assert!(items("本年报废公务用车2辆").is_empty());
    }
}
