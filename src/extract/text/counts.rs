//! The "三公" counts a narrative gives beside its amounts: reception
//! batches and persons (`国内公务接待23批，累计接待231人次`), outbound groups
//! and persons (`因公出国(境)团组729个，总计2143人次`) and the vehicles kept
//! (`公务用车保有量为2辆`).

use super::scan::{self, Unit};

/// The counts of one sentence's clauses: each number with its unit and the
/// words before it, after the clauses kept by `keep` (split at `；`).
fn counted(folded: &str, keep: impl Fn(&str) -> bool) -> Vec<(&'static str, String, i64)> {
    let mut found = Vec::new();
    for part in folded.split([';', '。']).filter(|p| keep(p)) {
        let mut previous_end = 0;
        for token in scan::tokens(part) {
            let lead = part.get(previous_end..token.start_byte).unwrap_or_default();
            previous_end = token.end_byte;
            let n = i64::try_from(token.number.value).ok().filter(|n| *n >= 0);
            if let (Unit::Count(unit), Some(n)) = (token.unit, n) {
                let lead = lead
                    .trim_end_matches([',', ' ', '为', '共', '计', ':'])
                    .to_string();
                found.push((unit, lead, n));
            }
        }
    }
    found
}

/// Batches, then persons after them (the first of each: domestic before
/// foreign, the total before its `其中外事接待`).
fn batches_and_persons(
    counts: &[(&'static str, String, i64)],
    is_batch: impl Fn(&str, &str) -> bool,
) -> (Option<i64>, Option<i64>) {
    let mut batches = None;
    let mut persons = None;
    for (unit, lead, n) in counts {
        if batches.is_none() && is_batch(unit, lead) {
            batches = Some(*n);
        } else if persons.is_none() && batches.is_some() && matches!(*unit, "人次" | "人") {
            persons = Some(*n);
        }
    }
    (batches, persons)
}

/// `全年国内公务接待23批，累计接待231人次` and its variants.
pub fn reception(folded: &str) -> (Option<i64>, Option<i64>) {
    if !folded.contains("接待") {
        return (None, None);
    }
    let counts = counted(folded, |part| part.contains("接待"));
    batches_and_persons(&counts, |unit, lead| {
        matches!(unit, "批" | "批次" | "个批次") || (unit == "个" && lead.ends_with("批次"))
    })
}

/// `因公出国(境)团组729个，总计2143人次`, `团组0次，累计出国(境)0人次`,
/// `累计4个批次、出国累计17人次`: in clauses about going abroad, not about
/// receiving.
pub fn outbound(folded: &str) -> (Option<i64>, Option<i64>) {
    if !folded.contains("出国") && !folded.contains("出访") {
        return (None, None);
    }
    let counts = counted(folded, |part| {
        (part.contains("出国") || part.contains("出访")) && !part.contains("接待")
    });
    batches_and_persons(&counts, |unit, lead| {
        (matches!(unit, "个" | "次") && lead.contains("团组"))
            || (unit == "个" && lead.ends_with("团组共"))
            || matches!(unit, "批" | "批次" | "个批次")
    })
}

/// `公务用车保有量为2辆`, `年末公务用车保有量404辆`.
pub fn vehicles(folded: &str) -> Option<i64> {
    if !folded.contains("保有量") {
        return None;
    }
    counted(folded, |part| part.contains("保有量"))
        .into_iter()
        .find(|(unit, lead, _)| *unit == "辆" && lead.ends_with("保有量"))
        .map(|(_, _, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reception_count_forms() {
        assert_eq!(
            reception("全年国内公务接待23批,累计接待231人次。"),
            (Some(23), Some(231))
        );
        assert_eq!(
            reception("国内公务接待共9批次(其中外事接待0批次),80人次"),
            (Some(9), Some(80))
        );
        assert_eq!(
            reception("国内公务接待批次为5个,接待人次为40人。"),
            (Some(5), Some(40))
        );
        assert_eq!(reception("无接待。"), (None, None));
        assert_eq!(
            reception("因公出国(境)团组729个,总计2143人次;公务接待共75批次,接待人数1070人次。"),
            (Some(75), Some(1070))
        );
    }

    #[test]
    fn outbound_count_forms() {
        assert_eq!(
            outbound("因公出国(境)团组729个,总计2143人次;公务接待共75批次,接待人数1070人次。"),
            (Some(729), Some(2143))
        );
        assert_eq!(
            outbound("全年因公出国(境)团组共计,0个,累计0人次。"),
            (Some(0), Some(0))
        );
        assert_eq!(
            outbound("2021年某局因公出国(境)团组0次,累计出国(境)0人次。"),
            (Some(0), Some(0))
        );
        assert_eq!(
            outbound("派出出国(境)团组233个,其中考察团组135个,累计出国(境)484人次。"),
            (Some(233), Some(484))
        );
        assert_eq!(
            outbound("用于临时出访和出国培训,2014年累计4个批次、出国累计17人次。"),
            (Some(4), Some(17))
        );
        assert_eq!(
            outbound("因公出国(境)团组0个,人数0人。"),
            (Some(0), Some(0))
        );
        assert_eq!(outbound("无出国任务。"), (None, None));
    }

    #[test]
    fn vehicles_kept() {
        assert_eq!(vehicles("无因公出国(境)人数,公务用车保有量为2辆,"), Some(2));
        assert_eq!(vehicles("年末公务用车保有量404辆,与2016年相比"), Some(404));
        assert_eq!(vehicles("公务用车购置100辆,"), None);
    }
}
