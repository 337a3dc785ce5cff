//! The counts a narrative's 国有资产占用 paragraph gives: `共有车辆2辆，其中：
//! 一般公务用车1辆、其他用车1辆。单价100万元（含）以上设备（不含车辆）0台（套）`
//! → one `assets` item per count, named as printed, with its measure.
//!
//! Only clauses that end in a count of a measure an asset is counted in
//! (辆, 台（套）…) are read, and only in a paragraph about state-owned
//! assets: a vehicle count elsewhere (`公务用车保有量2辆`) belongs to the
//! "三公" account, not here.

use crate::extract::model::Asset;
use crate::model::value::{self, Printed};

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
    // A change or a movement (`较上年新增车辆1辆`, `报废2辆`) is not a count
    // of what is held.
    const MOVEMENTS: [&str; 12] = [
        "增加", "减少", "新增", "增长", "下降", "购置", "购买", "报废", "处置", "调入", "调出",
        "上年",
    ];
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
    fn counts_that_are_not_asset_items_are_left_out() {
        assert!(items("截至2024年12月31日,共有在职人员12个。").is_empty());
        assert!(items("主要原因是新增2辆").is_empty());
        assert!(items("较上年新增车辆1辆").is_empty());
        assert!(items("本年报废公务用车2辆").is_empty());
    }
}
