#!/usr/bin/env python3
"""Report forms held out from the table reader's development, for
`SET=heldout bench/tables-producers` (docs/extract.md §9).

Written apart from tests/fixtures/tables/generate.py (whose forms the
reader was fixed against) and before the reader was run on them: other
provinces' titles and numbering, unit lines, column sets, codes printed
with their names in one cell, 栏次 rows, zeros printed blank, as "-" or
as 0.00, long tables over several pages, the national three-part economic
table, "三公" grouped by 预算数 / 决算数. Each form is one `Form`; `build`
turns it into sheets (a grid of cells, merges, header rows) and the list
of figures they print, and the sheets are written as a workbook, an HTML
page and a python-docx document (the producers print those).

Figures are listed as the bench scores them: TABLE, SIDE, KEY, COLUMN,
AMOUNT in 万元, every amount printed (a zero printed as 0.00 is a figure,
a blank or "-" is none). They add up as a report's do (every 合计, 类 = Σ款
= Σ项 in every column, the two sides of each 总表, the economic table =
the general fund's basic spending).
"""

import random
from dataclasses import dataclass, field
from decimal import Decimal as D
from html import escape

CN = "一二三四五六七八九十"


def numeral(n):
    if n <= 10:
        return CN[n - 1]
    if n < 20:
        return "十" + CN[n - 11]
    t, o = divmod(n, 10)
    return CN[t - 1] + "十" + (CN[o - 1] if o else "")


# Functional classes, 款 and 项 (names as the national classification).
NAMES = {
    "201": "一般公共服务支出", "20101": "人大事务", "20103": "政府办公厅（室）及相关机构事务",
    "20111": "纪检监察事务", "20131": "党委办公厅（室）及相关机构事务", "20132": "组织事务",
    "205": "教育支出", "20502": "普通教育", "207": "文化旅游体育与传媒支出", "20701": "文化和旅游",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "20808": "抚恤",
    "210": "卫生健康支出", "21011": "行政事业单位医疗", "212": "城乡社区支出",
    "21205": "城乡社区环境卫生", "21208": "国有土地使用权出让收入安排的支出",
    "213": "农林水支出", "21301": "农业农村", "21303": "水利", "214": "交通运输支出",
    "21401": "公路水路运输", "221": "住房保障支出", "22102": "住房改革支出",
    "224": "灾害防治及应急管理支出", "22401": "应急管理事务", "229": "其他支出",
    "22960": "彩票公益金安排的支出",
}
CLASSES = [("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
           ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
           ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"),
           ("212", "城乡社区支出"), ("213", "农林水支出"), ("214", "交通运输支出"),
           ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"), ("224", "灾害防治及应急管理支出"),
           ("229", "其他支出")]
# 项: code, name, the sources that fund it (spread over basic / project).
ITEMS = [
    ("2010101", "行政运行", "general"), ("2010102", "一般行政管理事务", "general"),
    ("2010301", "行政运行", "general"), ("2010302", "一般行政管理事务", "general"),
    ("2010350", "事业运行", "business"), ("2010399", "其他政府办公厅（室）及相关机构事务支出", "general"),
    ("2011101", "行政运行", "general"), ("2011102", "一般行政管理事务", "general"),
    ("2013101", "行政运行", "general"), ("2013201", "行政运行", "general"),
    ("2050201", "学前教育", "business"), ("2070109", "群众文化", "other"),
    ("2080501", "行政单位离退休", "general"), ("2080505", "机关事业单位基本养老保险缴费支出", "general"),
    ("2080506", "机关事业单位职业年金缴费支出", "general"), ("2080801", "死亡抚恤", "general"),
    ("2101101", "行政单位医疗", "general"), ("2101102", "事业单位医疗", "general"),
    ("2120501", "城乡社区环境卫生", "general"), ("2120803", "城市建设支出", "gov_fund"),
    ("2130101", "行政运行", "general"), ("2130104", "事业运行", "operating"),
    ("2130305", "水利工程建设", "general"), ("2130314", "防汛", "general"),
    ("2140106", "公路养护", "general"), ("2210201", "住房公积金", "general"),
    ("2210203", "购房补贴", "general"), ("2240106", "安全监管", "general"),
    ("2296002", "用于社会福利的彩票公益金支出", "gov_fund"),
]
ECONOMIC = [  # code, name, share of the basic spending (per mille) within its class
    ("301", "工资福利支出", None), ("30101", "基本工资", 300), ("30102", "津贴补贴", 250), ("30103", "奖金", 50),
    ("30107", "绩效工资", 150), ("30108", "机关事业单位基本养老保险缴费", 100), ("30109", "职业年金缴费", 50),
    ("30110", "职工基本医疗保险缴费", 50), ("30113", "住房公积金", 50),
    ("302", "商品和服务支出", None), ("30201", "办公费", 200), ("30205", "水费", 50), ("30206", "电费", 100),
    ("30211", "差旅费", 150), ("30213", "维修（护）费", 100), ("30215", "会议费", 50), ("30216", "培训费", 50),
    ("30217", "公务接待费", 50), ("30228", "工会经费", 100), ("30231", "公务用车运行维护费", 150),
    ("303", "对个人和家庭的补助", None), ("30302", "退休费", 600), ("30305", "生活补助", 400),
    ("310", "资本性支出", None), ("31002", "办公设备购置", 1000),
]
ECON_SHARE = {"301": 700, "302": 200, "303": 80, "310": 20}


@dataclass
class Form:
    where: str                    # province and level
    seen: str                     # the published report whose titles and numbering it takes
    unit: str = "万元"             # 万元 or 元
    codes: str = "one"            # one | three | joined (a code and its name in one cell)
    numbering: str = "none"       # none | paren | gongkai-line | fubiao | biao
    unit_line: str = "plain"      # plain | dept-left | dept-inline | jine
    zeros: str = "blank"          # blank | dash | zero
    thousands: bool = False
    total_top: bool = True
    total_label: str = "合计"
    lanci: bool = False           # 栏次 row under code tables' headers, 行次 in the 总表s
    economic: str = "three"       # three (national: 人员经费 | 公用经费 ×2) | one | two
    three_public: str = "grouped"  # grouped (预算数 → six, 决算数 → six) | down
    overview_right: str = "classes"  # classes | kinds (基本支出, 项目支出 …)
    empty: str = "in-table"       # in-table (a 本表无数据 row) | note
    items: int = 12               # how many 项 (29 at most): long tables go over pages
    repeat_header: bool = True
    by_unit: bool = False         # 收入/支出决算表 also 分单位 (by unit), before 分科目
    landscape: bool = True
    fit_width: bool = True        # Calc: fit to the page's width (else the whole sheet on one page)
    font: int = 10
    seed: int = 1
    carry: int = 0                # carry-over of the general fund, in the unit's cents
    department: str = "某单位"
    titles: dict = field(default_factory=dict)


FORMS = {
    "linxiang-park-2024": Form(
        "湖南 县级市 事业单位", "临湘市白云湖公园事务中心 2024", numbering="gongkai-line",
        unit_line="dept-inline", lanci=True, economic="three", three_public="grouped",
        empty="in-table", items=10, seed=11, carry=123456, department="某公园事务中心",
        titles={"一般公共预算财政拨款基本支出决算表": "一般公共预算财政拨款基本支出决算明细表"}),
    "cangnan-county-2022": Form(
        "浙江 县", "苍南县某局 2022（分单位 / 分科目 表）", numbering="paren", unit_line="dept-left",
        by_unit=True, codes="one", economic="two", three_public="grouped", empty="note", items=14,
        total_top=False, seed=12, department="某县某局",
        titles={"国有资本经营预算财政拨款收入支出决算表": "国有资本经营预算财政拨款支出决算表"}),
    "dadukou-district-2020": Form(
        "重庆 区", "重庆市大渡口区城市管理局 2020", numbering="biao", unit_line="dept-left",
        codes="joined", unit="元", thousands=True, zeros="dash", economic="one", three_public="down",
        items=16, seed=13, carry=4567890, department="某区城市管理局"),
    "tianshui-kindergarten-2017": Form(
        "甘肃 地级市 事业单位", "天水市幼儿园 2017", numbering="none", unit_line="jine",
        codes="three", unit="元", thousands=True, zeros="zero", overview_right="kinds",
        economic="three", three_public="down", total_top=False, total_label="合    计", items=8,
        seed=14, carry=0, department="某市幼儿园"),
    "dayi-county-2022": Form(
        "四川 县", "大邑县某局 2022", numbering="fubiao", unit_line="plain", codes="one",
        zeros="zero", thousands=True, items=29, repeat_header=False, landscape=False, font=9,
        economic="two", seed=15, carry=88000, department="某县文化广电旅游局"),
    "shaodong-town-2021": Form(
        "湖南 县级市 乡镇", "邵东市魏家桥镇人民政府 2021", numbering="none", unit_line="dept-inline",
        codes="three", zeros="dash", lanci=True, items=24, repeat_header=True, fit_width=False,
        economic="three", three_public="grouped", empty="in-table", seed=16, carry=2500,
        department="某镇人民政府", titles={"一般公共预算财政拨款基本支出决算表": "一般公共预算财政拨款基本支出决算明细表"}),
    "qiantang-district-2021": Form(
        "浙江 区", "杭州市钱塘区综合行政执法局 2021", numbering="paren", unit_line="jine",
        codes="joined", zeros="blank", items=18, total_top=True, economic="two", three_public="down",
        empty="note", seed=17, carry=31000, department="某区综合行政执法局"),
    "kaizhou-town-2024": Form(
        "重庆 区 乡镇", "重庆市开州区大进镇人民政府 2024", numbering="gongkai-line", unit_line="dept-left",
        unit="元", codes="one", zeros="blank", thousands=True, lanci=True, items=20,
        economic="three", three_public="grouped", seed=18, carry=1234567, department="某镇人民政府"),
}

ORDER = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表",
         "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算表",
         "财政拨款“三公”经费支出决算表", "政府性基金预算财政拨款收入支出决算表",
         "国有资本经营预算财政拨款收入支出决算表"]


@dataclass
class Cell:
    text: str = ""
    value: object = None        # Decimal (in the form's unit) for an amount
    cols: int = 1
    rows: int = 1
    bold: bool = False
    align: str = "left"


@dataclass
class Sheet:
    name: str
    title: str
    width: int
    lines_above: list            # [(text, align)] printed above the table (title first)
    unit_cells: tuple            # (left text, right text)
    rows: list                   # [[Cell or None (covered)]]
    header_rows: int
    notes: list
    widths: list
    landscape: bool


class Report:
    def __init__(self, form):
        self.f = form
        self.lines = []
        self.sheets = []
        self.rng = random.Random(form.seed)
        self.scale = D(1000000) if form.unit == "元" else D(100)  # cents of the unit per 万元

    # --- figures and cells -------------------------------------------------
    def figure(self, table, side, key, column, cents):
        self.lines.append(f"{table}\t{side}\t{key}\t{column}\t{D(cents) / self.scale:.6f}")

    def printed(self, cents):
        """How a cell prints an amount (cents of the unit), and whether it is
        a figure."""
        if cents == 0:
            if self.f.zeros == "blank":
                return "", False
            if self.f.zeros == "dash":
                return "-", False
        v = D(cents) / 100
        return (f"{v:,.2f}" if self.f.thousands else f"{v:.2f}"), True

    def amount(self, table, side, key, column, cents, keep=True):
        text, is_figure = self.printed(cents)
        if is_figure and keep:
            self.figure(table, side, key, column, cents)
        value = None if text == "" else D(cents) / 100
        return Cell(text, value, align="right")

    def title_of(self, national):
        return self.f.titles.get(national, national)

    def sheet(self, national, width, rows, header_rows, notes, widths, landscape=None, short=None):
        n = len(self.sheets) + 1
        title = self.title_of(national)
        f = self.f
        above = []
        printed = {"paren": f"（{numeral(n)}）{title}", "fubiao": f"附表{n}  {title}",
                   "biao": f"表{n} {title}"}.get(f.numbering, title)
        above.append((printed, "center"))
        if f.numbering == "gongkai-line":
            above.append((f"公开{n:02d}表", "right"))
        left = {"dept-left": f"编制单位：{f.department}", "dept-inline": ""}.get(f.unit_line, "")
        right = {"jine": f"金额单位：{f.unit}", "dept-inline": f"部门：{f.department}        单位：{f.unit}"}.get(
            f.unit_line, f"单位：{f.unit}")
        self.sheets.append(Sheet(short or national, printed, width, above, (left, right), rows, header_rows,
                                 notes, widths, f.landscape if landscape is None else landscape))

    # --- the department's figures -----------------------------------------
    def data(self):
        f = self.f
        items = ITEMS[: f.items] if f.items >= len(ITEMS) else self.pick(f.items)
        flows = {}  # code → {(source, kind): cents}
        big = 10 ** (7 if f.unit == "元" else 3)
        for code, name, source in items:
            d = {}
            base = self.rng.randint(big // 50, big * 3)
            if name in ("行政运行", "事业运行") or "养老" in name or "医疗" in name or "公积金" in name or "离退休" in name:
                d[(source, "basic")] = base
            elif source == "gov_fund":
                d[(source, "project")] = base
            else:
                d[(source, "project")] = base
                if self.rng.random() < 0.4:
                    d[(source, "basic")] = self.rng.randint(1, big // 10)
            if source == "business" and self.rng.random() < 0.7:
                d[("business", "remit_superior")] = self.rng.randint(1, big // 20)
            if source == "operating":
                d = {("operating", "operating"): base}
            if code.startswith("2050"):
                d[("affiliated", "affiliated_subsidy")] = self.rng.randint(1, big // 5)
            flows[code] = d
        self.items = {code: name for code, name, _ in items}
        self.flows = flows

    def pick(self, n):
        must = [i for i in ITEMS if i[2] in ("business", "gov_fund", "operating", "other")]
        rest = [i for i in ITEMS if i not in must]
        chosen = must + self.rng.sample(rest, max(0, n - len(must)))
        return sorted(chosen[:n] if n < len(must) else chosen)

    def codes(self):
        out = sorted({c[:k] for c in self.flows for k in (3, 5, 7)})
        return out

    def total(self, code, pred):
        return sum(v for c, d in self.flows.items() if c.startswith(code) for k, v in d.items() if pred(*k))

    def name(self, code):
        return NAMES.get(code) or self.items[code]

    # --- cells shared by the code tables ----------------------------------
    def code_header(self, top_rows):
        """Header cells for the code part, as a list of rows, and its width."""
        f = self.f
        h = top_rows
        if f.codes == "one":
            rows = [[Cell("项目", cols=2, bold=True, align="center"), None]]
            rows += [[Cell("科目编码", rows=h - 1, bold=True, align="center"),
                      Cell("科目名称", rows=h - 1, bold=True, align="center")]]
            return rows, 2, [12, 30]
        if f.codes == "joined":
            rows = [[Cell("项目", rows=h, bold=True, align="center")]] + [[None] for _ in range(h - 1)]
            if h == 1:
                rows[0][0].rows = 1
            return rows, 1, [40]
        rows = [[Cell("项目", cols=4, bold=True, align="center"), None, None, None],
                [Cell("功能分类科目编码", cols=3, bold=True, align="center"), None, None,
                 Cell("科目名称", rows=h - 1, bold=True, align="center")]]
        rows += [[Cell(p, rows=h - 2, bold=True, align="center") for p in "类款项"] + [None]]
        rows += [[None] * 4 for _ in range(h - 3)]
        return rows, 4, [5, 5, 5, 30]

    def code_cells(self, code):
        f = self.f
        if f.codes == "one":
            return [Cell(code), Cell(self.name(code))]
        if f.codes == "joined":
            return [Cell(f"{code} {self.name(code)}")]
        parts = [code[:3], code[3:5] if len(code) > 3 else "", code[5:] if len(code) > 5 else ""]
        return [Cell(p, align="center") for p in parts] + [Cell(self.name(code))]

    def total_cells(self, width):
        label = self.f.total_label
        return [Cell(label, cols=width, align="center")] + [None] * (width - 1)

    def lanci_row(self, width, n):
        if self.f.codes == "three":
            first = [Cell("栏次", cols=4, align="center"), None, None, None]
        else:
            first = [Cell("栏次", cols=width, align="center")] + [None] * (width - 1)
        return first + [Cell(str(i + 1), align="center") for i in range(n)]

    def code_table(self, national, columns, values, note, parents=None, codes=None, empty=False):
        """columns: [(header, id)]; values(code) → cents per column, or None."""
        f = self.f
        header_rows = 3 if f.codes == "three" else 1 if f.codes == "joined" and not parents else 2
        head, w, widths = self.code_header(header_rows)
        lines = [(c, values(c)) for c in (codes or self.codes())]
        lines = [(c, v) for c, v in lines if v is not None and any(v)]
        top = [sum(v[i] for c, v in lines if len(c) == 3) for i in range(len(columns))]
        spans = {}
        for start, (text, span) in (parents or {}).items():
            for i in range(start, start + span):
                spans[i] = (start, text, span)
        for i, (h, _) in enumerate(columns):
            if i in spans:
                start, text, span = spans[i]
                head[0].append(Cell(text, cols=span, bold=True, align="center") if i == start else None)
                head[1].append(Cell(h, rows=header_rows - 1, bold=True, align="center"))
                for r in range(2, header_rows):
                    head[r].append(None)
            else:
                head[0].append(Cell(h, rows=header_rows, bold=True, align="center"))
                for r in range(1, header_rows):
                    head[r].append(None)
        rows = head
        if f.lanci:
            rows.append(self.lanci_row(w, len(columns)))
        body = []

        def total_line():
            return self.total_cells(w) + [self.amount(national, 0, "total", cid, t) for (_, cid), t in zip(columns, top)]

        for code, v in lines:
            body.append(self.code_cells(code) + [self.amount(national, 0, f"code:{code}", cid, x)
                                                 for (_, cid), x in zip(columns, v)])
        rows += ([total_line()] + body) if f.total_top else (body + [total_line()])
        self.sheet(national, w + len(columns), rows, len(head) + (1 if f.lanci else 0), [note],
                   widths + [14] * len(columns))

    # --- the nine tables ---------------------------------------------------
    def overview(self):
        t = "收入支出决算总表"
        f = self.f
        src = lambda s: self.total("", lambda a, b: a == s)
        income = [("一般公共预算财政拨款收入", "general"), ("政府性基金预算财政拨款收入", "gov_fund"),
                  ("国有资本经营预算财政拨款收入", "state_capital"), ("上级补助收入", "superior"),
                  ("事业收入", "business"), ("经营收入", "operating"), ("附属单位上缴收入", "affiliated"),
                  ("其他收入", "other")]
        income = [(f"{numeral(i + 1)}、{label}", iid, src(iid)) for i, (label, iid) in enumerate(income)]
        current = sum(v for *_, v in income)
        if f.overview_right == "classes":
            right = [(f"{numeral(i + 1)}、{n}", f"code:{c}", self.total(c, lambda a, b: True))
                     for i, (c, n) in enumerate(CLASSES)]
        else:
            kinds = [("基本支出", "basic"), ("项目支出", "project"), ("上缴上级支出", "remit_superior"),
                     ("经营支出", "operating"), ("对附属单位补助支出", "affiliated_subsidy")]
            right = [(f"{numeral(i + 1)}、{n}", f"item:{k}", self.total("", lambda a, b, k=k: b == k))
                     for i, (n, k) in enumerate(kinds)]
        spent = self.total("", lambda a, b: True)
        c = f.carry
        closing_l = [("本年收入合计", "income_current", current), ("使用非财政拨款结余", "nonfiscal_balance_used", 0),
                     ("年初结转和结余", "carryover_begin", c), ("总计", "income_total", current + c)]
        closing_r = [("本年支出合计", "expenditure_current", spent), ("结余分配", "balance_distribution", 0),
                     ("年末结转和结余", "carryover_end", c), ("总计", "expenditure_total", spent + c)]
        lc = f.lanci
        heads = ["项目"] + (["行次"] if lc else []) + ["决算数"]
        w = len(heads)
        rows = [[Cell("收入", cols=w, bold=True, align="center")] + [None] * (w - 1)
                + [Cell("支出", cols=w, bold=True, align="center")] + [None] * (w - 1),
                [Cell(h, bold=True, align="center") for h in heads * 2]]
        n = max(len(income), len(right))
        left_lines = [(l, f"item:{i}", v) for l, i, v in income] + [None] * (n - len(income))
        right_lines = right + [None] * (n - len(right))
        left_lines += [(l, f"item:{i}", v) for l, i, v in closing_l]
        right_lines += [(l, f"item:{i}", v) for l, i, v in closing_r]
        k = 0
        for L, R in zip(left_lines, right_lines):
            k += 1
            row = []
            for side, line in ((0, L), (1, R)):
                if line is None:
                    row += [Cell("")] + ([Cell(str(k), align="center")] if lc else []) + [Cell("")]
                    continue
                label, key, v = line
                row.append(Cell(label, align="center" if label == "总计" else "left"))
                if lc:
                    row.append(Cell(str(k), align="center"))
                row.append(self.amount(t, side, key, "amount", v))
            rows.append(row)
        self.sheet(t, 2 * w, rows, 2, ["注：本表反映部门本年度的总收支和年末结转结余情况。"],
                   [34] + ([6] if lc else []) + [16] + [34] + ([6] if lc else []) + [16], landscape=False)

    def income(self):
        cols = [("本年收入合计", "total"), ("财政拨款收入", "fiscal"), ("上级补助收入", "superior"),
                ("事业收入", "business"), ("经营收入", "operating"), ("附属单位上缴收入", "affiliated"),
                ("其他收入", "other")]

        def values(code):
            by = lambda s: self.total(code, lambda a, b: a == s)
            fiscal = by("general") + by("gov_fund") + by("state_capital")
            parts = [fiscal, by("superior"), by("business"), by("operating"), by("affiliated"), by("other")]
            return [sum(parts)] + parts

        if self.f.by_unit:
            self.by_unit("收入决算表", cols, values)
        self.code_table("收入决算表", cols, values, "注：本表反映部门本年度取得的各项收入情况。")
        if self.f.by_unit:
            self.sheets[-1].title = self.sheets[-1].title.replace("收入决算表", "收入决算表（分科目）")
            self.sheets[-1].lines_above[0] = (self.sheets[-1].title, "center")

    def expenditure(self):
        cols = [("本年支出合计", "total"), ("基本支出", "basic"), ("项目支出", "project"),
                ("上缴上级支出", "remit_superior"), ("经营支出", "operating"), ("对附属单位补助支出", "affiliated_subsidy")]

        def values(code):
            by = lambda k: self.total(code, lambda a, b: b == k)
            parts = [by(k) for _, k in cols[1:]]
            return [sum(parts)] + parts

        if self.f.by_unit:
            self.by_unit("支出决算表", cols, values)
        self.code_table("支出决算表", cols, values, "注：本表反映部门本年度各项支出情况。")
        if self.f.by_unit:
            self.sheets[-1].title = self.sheets[-1].title.replace("支出决算表", "支出决算表（分科目）")
            self.sheets[-1].lines_above[0] = (self.sheets[-1].title, "center")

    def by_unit(self, national, cols, values):
        """Zhejiang's 分单位 table: the same columns by unit, not by code. Its
        figures are not the table's (the 分科目 table has them): not listed."""
        total = [sum(values(c)[i] for c in self.codes() if len(c) == 3) for i in range(len(cols))]
        share = [x * 3 // 5 for x in total]
        units = [(f"{self.f.department}（本级）", share), ("所属事业单位", [a - b for a, b in zip(total, share)])]
        units[1] = (units[1][0], [units[1][1][0]] + units[1][1][1:])
        rows = [[Cell("单位名称", bold=True, align="center")] + [Cell(h, bold=True, align="center") for h, _ in cols]]
        rows.append([Cell(self.f.total_label, align="center")] + [self.amount(national, 0, "", "", x, keep=False) for x in total])
        for name, v in units:
            rows.append([Cell(name)] + [self.amount(national, 0, "", "", x, keep=False) for x in v])
        title = national.replace("决算表", "决算表（分单位）")
        n = len(self.sheets) + 1
        self.f.titles[title] = title
        self.sheet(title, len(cols) + 1, rows, 1, [], [30] + [14] * len(cols), short=title[:31])

    def fiscal_overview(self):
        t = "财政拨款收入支出决算总表"
        f = self.f
        funds = ["general", "gov_fund", "state_capital"]
        by = lambda code, fund: self.total(code, lambda a, b: a == fund)
        inc = {fd: by("", fd) for fd in funds}
        c = f.carry
        lc = f.lanci
        lh = ["项目"] + (["行次"] if lc else []) + ["金额"]
        rh = ["项目"] + (["行次"] if lc else []) + ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款",
                                                  "国有资本经营预算财政拨款"]
        rows = [[Cell("收入", cols=len(lh), bold=True, align="center")] + [None] * (len(lh) - 1)
                + [Cell("支出", cols=len(rh), bold=True, align="center")] + [None] * (len(rh) - 1),
                [Cell(h, bold=True, align="center") for h in lh + rh]]
        left = [("一、一般公共预算财政拨款", "item:general", inc["general"]),
                ("二、政府性基金预算财政拨款", "item:gov_fund", inc["gov_fund"]),
                ("三、国有资本经营预算财政拨款", "item:state_capital", inc["state_capital"])]
        right = [(f"{numeral(i + 1)}、{n}", f"code:{code}", [by(code, fd) for fd in funds])
                 for i, (code, n) in enumerate(CLASSES)]
        income = sum(inc.values())
        spent = [by("", fd) for fd in funds]
        end = [c, 0, 0]
        closing = [
            (("本年收入合计", "item:income", income), ("本年支出合计", "item:expenditure", spent)),
            (("年初财政拨款结转和结余", "item:carryover_begin", c), ("年末财政拨款结转和结余", "item:carryover_end", end)),
            (("一般公共预算财政拨款", "item:carryover_begin:general", c), ("", None, None)),
            (("政府性基金预算财政拨款", "item:carryover_begin:gov_fund", 0), ("", None, None)),
            (("国有资本经营预算财政拨款", "item:carryover_begin:state_capital", 0), ("", None, None)),
            (("总计", "item:total", income + c), ("总计", "item:total", [s + e for s, e in zip(spent, end)])),
        ]
        pairs = [(left[i] if i < len(left) else None, right[i]) for i in range(len(right))] + closing
        k = 0
        for L, R in pairs:
            k += 1
            row = []
            if L is None:
                row += [Cell("")] + ([Cell(str(k), align="center")] if lc else []) + [Cell("")]
            else:
                row += [Cell(L[0], align="center" if L[0] == "总计" else "left")] + ([Cell(str(k), align="center")] if lc else [])
                row.append(self.amount(t, 0, L[1], "fiscal", L[2]))
            label, key, vals = R
            row += [Cell(label, align="center" if label == "总计" else "left")] + ([Cell(str(k), align="center")] if lc else [])
            if key is None:
                row += [Cell("") for _ in range(4)]
            else:
                row.append(self.amount(t, 1, key, "fiscal", sum(vals)))
                row += [self.amount(t, 1, key, fd, v) for fd, v in zip(funds, vals)]
            rows.append(row)
        self.sheet(t, len(lh) + len(rh), rows, 2, ["注：本表反映部门本年度财政拨款总收支和年末结转结余情况。"],
                   [30] + ([6] if lc else []) + [14, 30] + ([6] if lc else []) + [14] * 4)

    def general(self):
        cols = [("合计", "total"), ("基本支出", "basic"), ("项目支出", "project")]

        def values(code):
            b = self.total(code, lambda a, k: a == "general" and k == "basic")
            p = self.total(code, lambda a, k: a == "general" and k == "project")
            return [b + p, b, p]

        self.code_table("一般公共预算财政拨款支出决算表", cols, values,
                        "注：本表反映部门本年度一般公共预算财政拨款实际支出情况。")

    def economic(self):
        t = "一般公共预算财政拨款基本支出决算表"
        f = self.f
        basic = self.total("", lambda a, k: a == "general" and k == "basic")
        classes = {}
        left = basic
        for cls in ("302", "303", "310"):
            classes[cls] = basic * ECON_SHARE[cls] // 1000
            left -= classes[cls]
        classes["301"] = left
        lines = []
        for code, label, share in ECONOMIC:
            if share is None:
                cls = code
                lines.append([code, label, classes[cls]])
                subs = [e for e in ECONOMIC if e[0].startswith(code) and e[2] is not None]
                remaining = classes[cls]
                for i, (sc, sl, sh) in enumerate(subs):
                    v = remaining if i == len(subs) - 1 else classes[cls] * sh // 1000
                    remaining -= v
                    lines.append([sc, sl, v])
        personnel = classes["301"] + classes["303"]
        public = classes["302"] + classes["310"]
        if f.economic == "three":
            pers = [l for l in lines if l[0][:3] in ("301", "303")]
            pub = [l for l in lines if l[0][:3] in ("302", "310")]
            half = (len(pub) + 1) // 2
            halves = [pers, pub[:half], pub[half:]]
        elif f.economic == "two":
            pers = [l for l in lines if l[0][:3] in ("301", "303")]
            pub = [l for l in lines if l[0][:3] in ("302", "310")]
            halves = [pers, pub]
        else:
            halves = [lines]
        h = len(halves)
        rows = []
        if f.economic == "three":
            rows.append([Cell("人员经费", cols=3, bold=True, align="center"), None, None,
                         Cell("公用经费", cols=6, bold=True, align="center")] + [None] * 5)
        elif f.economic == "two":
            rows.append([Cell("人员经费", cols=3, bold=True, align="center"), None, None,
                         Cell("公用经费", cols=3, bold=True, align="center"), None, None])
        rows.append([Cell(x, bold=True, align="center") for x in ["科目编码", "科目名称", "决算数"] * h])
        header_rows = len(rows)
        n = max(len(x) for x in halves)
        for i in range(n):
            row = []
            for side, half in enumerate(halves):
                if i < len(half):
                    code, label, v = half[i]
                    row += [Cell(code), Cell(label), self.amount(t, side, f"code:{code}", "amount", v)]
                else:
                    row += [Cell(""), Cell(""), Cell("")]
            rows.append(row)
        if h == 1:
            for label, iid, v in (("人员经费合计", "personnel", personnel), ("公用经费合计", "public", public)):
                rows.append([Cell(label, cols=2, align="center"), None, self.amount(t, 0, f"item:{iid}", "amount", v)])
        else:
            last = 3 * h - 1
            row = [Cell("人员经费合计", cols=2, align="center"), None, self.amount(t, 0, "item:personnel", "amount", personnel)]
            row += [Cell("公用经费合计", cols=last - 3, align="center")] + [None] * (last - 4)
            row.append(self.amount(t, h - 1, "item:public", "amount", public))
            rows.append(row)
        self.sheet(t, 3 * h, rows, header_rows, ["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"],
                   [9, 24, 13] * h, landscape=h > 1)

    def three_public(self):
        t = "财政拨款“三公”经费支出决算表"
        f = self.f
        r = self.rng
        big = 10 ** (6 if f.unit == "元" else 2)
        cats = {"outbound": (0, 0), "vehicle_purchase": (0, 0)}
        op_b = r.randint(big, 9 * big)
        cats["vehicle_operation"] = (op_b, op_b - r.randint(0, big))
        rc_b = r.randint(big // 2, 3 * big)
        cats["reception"] = (rc_b, rc_b - r.randint(0, big // 2))
        if f.seed % 2:
            vb = r.randint(10 * big, 20 * big)
            cats["vehicle_purchase"] = (vb, vb)
        veh = tuple(cats["vehicle_purchase"][i] + cats["vehicle_operation"][i] for i in (0, 1))
        tot = tuple(sum(v[i] for v in cats.values()) for i in (0, 1))
        order = [("合计", "total", tot), ("因公出国（境）费", "outbound", cats["outbound"]),
                 ("公务用车购置及运行维护费", "vehicle", veh), ("公务用车购置费", "vehicle_purchase", cats["vehicle_purchase"]),
                 ("公务用车运行维护费", "vehicle_operation", cats["vehicle_operation"]),
                 ("公务接待费", "reception", cats["reception"])]
        if f.three_public == "grouped":
            head1 = [Cell("预算数", cols=6, bold=True, align="center")] + [None] * 5 + [Cell("决算数", cols=6, bold=True, align="center")] + [None] * 5
            head2, head3 = [], []
            for _ in range(2):
                head2 += [Cell("合计", rows=2, bold=True, align="center"), Cell("因公出国（境）费", rows=2, bold=True, align="center"),
                          Cell("公务用车购置及运行费", cols=3, bold=True, align="center"), None, None,
                          Cell("公务接待费", rows=2, bold=True, align="center")]
                head3 += [None, None, Cell("小计", bold=True, align="center"), Cell("公务用车购置费", bold=True, align="center"),
                          Cell("公务用车运行费", bold=True, align="center"), None]
            row = []
            for i, kind in enumerate(("budget", "actual")):
                for label, cid, v in order:
                    row.append(self.amount(t, 0, "total", f"{kind}:{cid}", v[i]))
            self.sheet(t, 12, [head1, head2, head3, row], 3, ["注：本表反映部门本年度“三公”经费支出预决算情况。"], [11] * 12)
        else:
            rows = [[Cell(x, bold=True, align="center") for x in ("项目", "预算数", "决算数")]]
            for label, cid, v in order:
                key = "total" if cid == "total" else f"item:{cid}"
                rows.append([Cell(("  其中：" if cid == "vehicle_purchase" else "") + label)]
                            + [self.amount(t, 0, key, k, v[i]) for i, k in enumerate(("budget", "actual"))])
            self.sheet(t, 3, rows, 1, ["注：本表反映部门本年度“三公”经费支出预决算情况。"], [34, 16, 16], landscape=False)

    def fund(self, national, fund, empty):
        cols = [("年初结转和结余", "carryover_begin"), ("本年收入", "income"), ("合计", "expenditure"),
                ("基本支出", "basic"), ("项目支出", "project"), ("年末结转和结余", "carryover_end")]
        codes = sorted({c[:k] for c in self.flows if any(a == fund for a, _ in self.flows[c]) for k in (3, 5, 7)})

        def values(code):
            b = self.total(code, lambda a, k: a == fund and k == "basic")
            p = self.total(code, lambda a, k: a == fund and k == "project")
            return [0, b + p, b + p, b, p, 0]

        note = f"注：本表反映部门本年度{national.replace('收入支出决算表', '')}财政拨款收入、支出及结转和结余情况。"
        parents = {2: ("本年支出", 3)}
        if not codes:
            self.code_table(national, cols, values, note, parents=parents, codes=[], empty=True)
            s = self.sheets[-1]
            if self.f.empty == "in-table":
                s.rows.append([Cell("本表无数据", cols=s.width, align="center")] + [None] * (s.width - 1))
            else:
                s.notes.append(f"说明：{self.f.department}本年度没有{national.replace('收入支出决算表', '')}财政拨款收入，"
                               "也没有使用其安排的支出，故本表无数据。")
            return
        self.code_table(national, cols, values, note, parents=parents, codes=codes)

    def build(self):
        self.data()
        self.overview()
        self.income()
        self.expenditure()
        self.fiscal_overview()
        self.general()
        self.economic()
        self.three_public()
        self.fund("政府性基金预算财政拨款收入支出决算表", "gov_fund", False)
        self.fund("国有资本经营预算财政拨款收入支出决算表", "state_capital", True)
        return self


def build(form):
    return Report(form).build()


# --- writers ---------------------------------------------------------------

def write_xlsx(report, path):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    f = report.f
    wb = Workbook()
    wb.remove(wb.active)
    thin = Border(*(Side(style="thin"),) * 4)
    fmt = ("#,##0.00" if f.thousands else "0.00")
    if f.zeros == "dash":
        fmt = f'{fmt};-{fmt};"-"'
    for s in report.sheets:
        ws = wb.create_sheet(s.name[:31])
        ws.page_setup.orientation = "landscape" if s.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        if f.fit_width:
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
        else:  # "fit the sheet on one page", as WPS reports often are
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 1
        for i, wdt in enumerate(s.widths):
            ws.column_dimensions[get_column_letter(i + 1)].width = wdt
        r = 1
        for text, align in s.lines_above:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=s.width)
            c = ws.cell(row=r, column=1, value=text)
            c.font = Font(name="Noto Sans CJK SC", size=(f.font + 6) if align == "center" else f.font, bold=align == "center")
            c.alignment = Alignment(horizontal=align)
            r += 1
        left, right = s.unit_cells
        if left:
            ws.cell(row=r, column=1, value=left).font = Font(name="Noto Sans CJK SC", size=f.font)
        c = ws.cell(row=r, column=s.width, value=right)
        c.font = Font(name="Noto Sans CJK SC", size=f.font)
        c.alignment = Alignment(horizontal="right")
        r += 1
        top = r
        for row in s.rows:
            for j, cell in enumerate(row):
                if cell is None:
                    ws.cell(row=r, column=j + 1).border = thin
                    continue
                if cell.rows > 1 or cell.cols > 1:
                    ws.merge_cells(start_row=r, start_column=j + 1, end_row=r + cell.rows - 1, end_column=j + cell.cols)
                value = cell.text
                if cell.value is not None and cell.text not in ("",):
                    value = float(cell.value)
                c = ws.cell(row=r, column=j + 1, value=value if value != "" else None)
                c.font = Font(name="Noto Sans CJK SC", size=f.font, bold=cell.bold)
                c.alignment = Alignment(horizontal=cell.align, vertical="center", wrap_text=True)
                c.border = thin
                if isinstance(value, float):
                    c.number_format = fmt
            r += 1
        if f.repeat_header and s.header_rows:
            ws.print_title_rows = f"{top}:{top + s.header_rows - 1}"
        for n in s.notes:
            ws.cell(row=r, column=1, value=n).font = Font(name="Noto Sans CJK SC", size=f.font)
            r += 1
        if f.items > 20:
            for k in range(top + s.header_rows, r):
                ws.row_dimensions[k].height = 24
    wb.save(path)


def write_html(report, path, css=""):
    f = report.f
    out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
           f'body{{font-family:"Noto Sans CJK SC",sans-serif;font-size:{f.font}pt}} td{{font-size:{f.font - 1}pt}}'
           f'{css}</style></head><body>']
    for i, s in enumerate(report.sheets):
        brk = ' style="page-break-before:always"' if i else ""
        out.append(f"<div{brk}>")
        for text, align in s.lines_above:
            tag = "h3" if align == "center" else "p"
            out.append(f'<{tag} style="text-align:{align}">{escape(text)}</{tag}>')
        left, right = s.unit_cells
        out.append(f'<p><span>{escape(left)}</span><span style="float:right">{escape(right)}</span></p>')
        out.append('<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse;width:100%">')
        for k, row in enumerate(s.rows):
            if k == 0 and f.repeat_header:
                out.append("<thead>")
            cells = []
            for cell in row:
                if cell is None:
                    continue
                attrs = (f' rowspan="{cell.rows}"' if cell.rows > 1 else "") + (f' colspan="{cell.cols}"' if cell.cols > 1 else "")
                style = f' style="text-align:{cell.align}"' if cell.align != "left" else ""
                text = escape(cell.text)
                cells.append(f"<td{attrs}{style}>{'<b>' + text + '</b>' if cell.bold else text}</td>")
            out.append("<tr>" + "".join(cells) + "</tr>")
            if k == s.header_rows - 1 and f.repeat_header:
                out.append("</thead><tbody>")
        out.append("</tbody></table>" if f.repeat_header else "</table>")
        for n in s.notes:
            out.append(f"<p>{escape(n)}</p>")
        out.append("</div>")
    out.append("</body></html>")
    open(path, "w", encoding="utf-8").write("\n".join(out))


def write_docx(report, path):
    """A Word document as python-docx writes one (Word's own table model:
    merged cells, repeated header rows, a section per orientation)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    f = report.f
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.font.size = Pt(f.font)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
    for i, s in enumerate(report.sheets):
        if i == 0:
            section = doc.sections[0]
        else:
            section = doc.add_section()
        wide = s.landscape
        section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if wide else (Cm(21.0), Cm(29.7))
        for m in ("left_margin", "right_margin"):
            setattr(section, m, Cm(1.5))
        for text, al in s.lines_above:
            p = doc.add_paragraph()
            run = p.add_run(text)
            run.bold = al == "center"
            run.font.size = Pt(f.font + (6 if al == "center" else 0))
            p.alignment = align[al]
        left, right = s.unit_cells
        p = doc.add_paragraph(left + ("\t" if left else "") + right)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if not left else WD_ALIGN_PARAGRAPH.LEFT
        table = doc.add_table(rows=len(s.rows), cols=s.width)
        table.style = "Table Grid"
        for r, row in enumerate(s.rows):
            for j, cell in enumerate(row):
                if cell is None:
                    continue
                target = table.cell(r, j)
                if cell.rows > 1 or cell.cols > 1:
                    target = target.merge(table.cell(r + cell.rows - 1, j + cell.cols - 1))
                target.text = cell.text
                para = target.paragraphs[0]
                para.alignment = align[cell.align]
                for run in para.runs:
                    run.bold = cell.bold
                    run.font.size = Pt(f.font - 1)
            if r < s.header_rows and f.repeat_header:
                tr = table.rows[r]._tr
                pr = tr.get_or_add_trPr()
                h = OxmlElement("w:tblHeader")
                h.set(qn("w:val"), "true")
                pr.append(h)
        for n in s.notes:
            doc.add_paragraph(n)
    doc.save(path)
