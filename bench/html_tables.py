#!/usr/bin/env python3
"""A workbook's sheets as one HTML page of tables, as 决算 pages publish
them: the title and unit lines above each table, merged cells as
colspan/rowspan, numbers as the sheet formats them, flush right, the notes
below, a page break between tables. For bench/tables-producers, which
prints the page with Chromium and, through .docx and .odt, with Writer.

    python3 bench/html_tables.py BOOK.xlsx BOOK.html
"""
import sys
from html import escape
from openpyxl import load_workbook

def text(cell):
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        fmt = cell.number_format or ""
        if "0.00" in fmt:
            return f"{v:,.2f}" if "#,##0" in fmt else f"{v:.2f}"
        return str(v)
    return str(v)

def sheet_html(ws):
    merged = {}
    covered = set()
    for rng in ws.merged_cells.ranges:
        merged[(rng.min_row, rng.min_col)] = (rng.max_row - rng.min_row + 1, rng.max_col - rng.min_col + 1)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    covered.add((r, c))
    width = ws.max_column
    rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=width))
    out = []
    # Title rows (a single filled cell, or the title merged across): paragraphs.
    body_start = 0
    for i, row in enumerate(rows):
        filled = [c for c in row if c.value not in (None, "")]
        if len(filled) == 1 and i < 4 and ("表" in str(filled[0].value) or "单位" in str(filled[0].value) or "决算" in str(filled[0].value)):
            v = str(filled[0].value)
            align = "right" if v.startswith("单位") else "center"
            tag = "h3" if "表" in v and not v.startswith("单位") else "p"
            brk = "page-break-before:always;" if not out else ""
            out.append(f'<{tag} style="{brk}text-align:{align}">{escape(v)}</{tag}>')
            body_start = i + 1
        else:
            break
    out.append('<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse;width:100%">')
    notes = []
    # A row every cell of which is covered by a merge above is no row in
    # HTML: drop it, and count the rows a rowspan covers without it.
    dropped = {
        row[0].row
        for row in rows[body_start:]
        if all((c.row, c.column) in covered for c in row)
    }
    merged = {
        (r, c): (sum(1 for x in range(r, r + h) if x not in dropped), w)
        for (r, c), (h, w) in merged.items()
    }
    for row in rows[body_start:]:
        if row[0].row in dropped:
            continue
        filled = [c for c in row if c.value not in (None, "")]
        if len(filled) == 1 and isinstance(filled[0].value, str) and filled[0].value.startswith(("注", "说明")):
            notes.append(filled[0].value)
            continue
        cells = []
        for c in row:
            if (c.row, c.column) in covered:
                continue
            span = merged.get((c.row, c.column))
            attrs = ""
            if span:
                if span[0] > 1:
                    attrs += f' rowspan="{span[0]}"'
                if span[1] > 1:
                    attrs += f' colspan="{span[1]}"'
            t = text(c)
            numeric = isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
            style = ' style="text-align:right"' if numeric else (' style="text-align:center"' if c.font and c.font.bold else "")
            cells.append(f"<td{attrs}{style}>{escape(t).replace(chr(10), '<br>')}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    for n in notes:
        out.append(f"<p>{escape(n)}</p>")
    return "\n".join(out)

def write(src, dst):
    wb = load_workbook(src)
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC",sans-serif;font-size:10pt} td{font-size:9pt} .page{page-break-after:always}</style></head><body>']
    for ws in wb.worksheets:
        parts.append('<div class="page">' + sheet_html(ws) + "</div>")
    parts.append("</body></html>")
    open(dst, "w", encoding="utf-8").write("\n".join(parts))

if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2])
