//! The national classifications' 类: functional (支出功能分类科目) and
//! economic (部门预算支出经济分类科目), with the names reports print. Read by
//! the narrative reader (labels), the table reader and the rows written.

/// The 类 of the functional classification (支出功能分类科目).
pub const FUNCTION_CLASSES: [(&str, &str); 30] = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("227", "预备费"),
    ("229", "其他支出"),
    ("230", "转移性支出"),
    ("231", "债务还本支出"),
    ("232", "债务付息支出"),
    ("233", "债务发行费用支出"),
    ("234", "抗疫特别国债安排的支出"),
];

/// The 类 of the economic classification (部门预算支出经济分类科目) that
/// basic expenditure uses, with the names reports print for them.
pub const ECONOMIC_CLASSES: [(&str, &str, &[&str]); 9] = [
    ("301", "工资福利支出", &[]),
    ("302", "商品和服务支出", &[]),
    (
        "303",
        "对个人和家庭的补助",
        &[
            "对个人和家庭补助",
            "对个人和家庭的补助支出",
            "对个人和家庭补助支出",
        ],
    ),
    ("307", "债务利息及费用支出", &[]),
    ("309", "资本性支出(基本建设)", &[]),
    ("310", "资本性支出", &["其他资本性支出"]),
    ("312", "对企业补助", &[]),
    ("313", "对社会保障基金补助", &[]),
    ("399", "其他支出", &[]),
];

/// The functional 类 code of a name, for `function_classes.csv`.
pub fn function_class_name(code: &str) -> Option<&'static str> {
    FUNCTION_CLASSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, n)| *n)
}

/// The economic 类 name of a code.
pub fn economic_class_name(code: &str) -> Option<&'static str> {
    ECONOMIC_CLASSES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, n, _)| *n)
}
