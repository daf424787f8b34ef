"""Document → one self-contained HTML page with A4 print CSS. The PDF is this page printed by
Chromium (render_pdf), so what an officer previews is what is printed.

Font: Google's Sarabun from the fontpkg_sarabun package, embedded as data: URIs so the page
needs no server and no network. The family is deliberately NOT called "TH Sarabun…": Debian's
fontconfig rule for that name applies a 0.66 matrix that breaks the glyph advances."""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from html import escape

from ita.documents import charts
from ita.documents.content import (
    BulletList,
    Cell,
    Chart,
    Document,
    Heading,
    MemoHeader,
    NumberedList,
    OpinionChain,
    PageBreak,
    Paragraph,
    Run,
    Signature,
    Spacer,
    Table,
)
from ita.documents.render_docx import (
    FIRST_LINE_INDENT_CM,
    LEVEL_INDENT_CM,
    MARGINS_CM,
    MEMO_LABEL_PT,
    MEMO_TITLE_PT,
    PDF_LINE_HEIGHT,
    PDF_SCALE,
    TITLE_EXTRA_PT,
)
from ita.lib.fonts import FONT_DIR
from ita.lib.thai_dates import thai_date

FAMILY = "ITA Sarabun"
# Sarabun draws Thai about 1.45× larger than TH SarabunIT๙ at the same point size (x-height
# 0.50 em against ≈0.34 em), so 16 pt in the DOCX is ≈11 pt here: a page holds what a Word page
# holds.
SCALE = PDF_SCALE
DOTS = "." * 40


# Codes and document numbers stay on one line (๐๔๐๐๑/๑๒๓๔ must not wrap at "/"), but only word
# by word: a list of codes ("O36, O37, O38") wraps at its spaces, or a narrow cell clips it. A
# "word" longer than this (a URL) may wrap anywhere instead of overflowing.
NOWRAP_MAX = 30
_SPACES = re.compile(r"(\s+)")
_URL = re.compile(r"((?:https?://|www\.)\S+)")


@lru_cache(maxsize=1)
def _font_faces() -> str:
    faces = []
    for weight, name in ((400, "Sarabun-Regular.ttf"), (700, "Sarabun-Bold.ttf")):
        data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
        faces.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}'
        )
    return "\n".join(faces)


def _css(doc: Document) -> str:
    o = doc.options
    pt = o.font_size * SCALE
    title_pt = (o.font_size + TITLE_EXTRA_PT) * SCALE
    m = MARGINS_CM
    number = "counter(page, thai)" if o.thai_digits else "counter(page)"
    page_numbers = (
        f'@top-center {{ content: "- " {number} " -"; font-family: "{FAMILY}"; '
        f"font-size: {pt}pt; vertical-align: bottom; padding-bottom: 0.4cm; }}"
        if o.page_numbers
        else ""
    )
    return f"""
{_font_faces()}
@page {{ size: A4 {o.orientation};
  margin: {m["top"]}cm {m["right"]}cm {m["bottom"]}cm {m["left"]}cm; {page_numbers} }}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: "{FAMILY}", sans-serif; font-size: {pt:.2f}pt;
  line-height: {PDF_LINE_HEIGHT}; }}
body {{ margin: 0; }}
p {{ margin: 0; text-align: left; }}
p.center {{ text-align: center; }} p.right {{ text-align: right; }}
p.indent {{ text-indent: {FIRST_LINE_INDENT_CM}cm; }}
.title {{ text-align: center; font-weight: 700; font-size: {title_pt:.2f}pt;
  break-after: avoid; }}
.title-end {{ margin-bottom: 1em; }}
h1, h2, h3 {{ font-size: 1em; font-weight: 700; margin: 0; break-after: avoid; }}
h1 {{ margin-top: 6pt; }} h2 {{ margin-top: 3pt; text-indent: {LEVEL_INDENT_CM}cm; }}
h3 {{ text-indent: {FIRST_LINE_INDENT_CM}cm; }}
.caption {{ font-weight: 700; break-after: avoid; }}
/* Automatic layout: the builder's widths are what a column gets when its words fit, but no
   column is narrower than its longest word (ICU breaks Thai between words), so "งบประมาณ" and
   "O36," are never cut; break-word (not "anywhere") leaves those minimum widths alone and
   still breaks a single word wider than the page. The table is 1pt narrower than the text
   block: Chromium clips a collapsed border that sits half outside the page's content box. */
table {{ border-collapse: collapse; width: calc(100% - 1pt); margin: 0 0.5pt 1em;
  table-layout: auto; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ border: 0.75pt solid #000; padding: 1pt 4pt; vertical-align: top;
  overflow-wrap: break-word; }}
th {{ background: #d9e2f3; font-weight: 700; text-align: center; vertical-align: middle; }}
td.shaded {{ background: #ededed; }}
td.left {{ text-align: left; }} td.center {{ text-align: center; }}
td.right {{ text-align: right; }}
td p {{ text-indent: 0; text-align: inherit; }}
figure {{ margin: 6pt 0; padding-top: 4pt; text-align: center; break-inside: avoid; }}
figure img {{ max-width: 100%; }}
figure figcaption {{ text-align: left; }}
.pagebreak {{ break-after: page; }}
.memo-title {{ text-align: center; font-weight: 700; font-size: {MEMO_TITLE_PT * SCALE:.2f}pt; }}
.memo-label {{ font-weight: 700; font-size: {MEMO_LABEL_PT * SCALE:.2f}pt; }}
/* ครุฑ left, title centred on the page, both on one bottom line. A grid, not absolute
   positioning: Chromium paints positioned boxes last, and the PDF's text would then begin
   after the page's body instead of with "บันทึกข้อความ". */
.memo-head {{ display: grid; grid-template-columns: 1fr auto 1fr; align-items: end; }}
.memo-head .garuda {{ display: block; width: auto; }}
/* The form's dotted lines: each value written on a dotted rule that runs to the margin. */
.memo-field {{ display: flex; align-items: baseline; }}
.memo-fill {{ flex: 1; border-bottom: 1pt dotted #000; padding-left: 0.3em; min-width: 0; }}
.memo-line {{ display: flex; gap: 0.3em; }}
.memo-line > .memo-field {{ width: 50%; }}
.choices {{ font-family: "{FAMILY}", "DejaVu Sans", sans-serif; }}
.nowrap {{ white-space: nowrap; }} .url {{ word-break: break-all; }}
/* A signature never opens a page on its own: it keeps to the text it signs (with the blank
   line before it), as the DOCX's keep-with-next does. */
.signature {{ margin-left: calc(50% - 1cm); break-inside: avoid; break-before: avoid;
  padding-top: 1.6em; }}
/* An inline-block is never split across pages, where break-inside: avoid may give way (it
   did after a table: the position alone on the next page). */
.signature-box {{ display: inline-block; width: 100%; }}
.keep {{ break-inside: avoid; }}
tr.signature-row {{ break-before: avoid; }}
tr.signature-row > td {{ border: none; padding: 0; }}
.opinion .signature {{ padding-top: 1em; }}
.spacer {{ break-after: avoid; }}
.signature p {{ text-align: center; }}
.opinion {{ break-inside: avoid; margin-top: 1em; }}
.dotted {{ border-bottom: 1pt dotted #000; height: 1.5em; }}
"""


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.thai = doc.options.thai_digits
        self.parts: list[str] = []
        self._columns: list[int] = []  # the column count of each table written

    def text(self, value: str, verbatim: bool = False) -> str:
        return escape(self.doc.text(value, verbatim))

    def runs(self, runs: tuple[Run, ...]) -> str:
        out = []
        for run in runs:
            html = self._verbatim(run.text) if run.verbatim else self._ordinary(run.text)
            if run.bold:
                html = f"<b>{html}</b>"
            if run.italic:
                html = f"<i>{html}</i>"
            if run.underline:
                html = f"<u>{html}</u>"
            out.append(html)
        # The officer's line breaks are kept, as the DOCX keeps them (python-docx writes "\n"
        # as <w:br/>): eight numbered points typed on eight lines stay eight lines.
        return "".join(out).replace("\n", "<br>")

    def _ordinary(self, text: str) -> str:
        # A URL typed into ordinary text breaks anywhere too (see _verbatim).
        return "".join(
            f'<span class="url">{self.text(piece)}</span>' if n % 2 else self.text(piece)
            for n, piece in enumerate(_URL.split(text))
        )

    def _verbatim(self, text: str) -> str:
        parts = []
        for piece in _SPACES.split(text):
            html = self.text(piece, verbatim=True)
            if piece and not piece.isspace():
                # A long piece (a URL) breaks anywhere, or its width would widen its column
                # at the expense of the others (break-word leaves a table's minimum alone).
                kind = "nowrap" if len(piece) <= NOWRAP_MAX else "url"
                html = f'<span class="{kind}">{html}</span>'
            parts.append(html)
        return "".join(parts)

    def write(self) -> str:
        lines = self.doc.title_lines
        for i, line in enumerate(lines):
            end = " title-end" if i == len(lines) - 1 else ""
            self.parts.append(f'<p class="title{end}">{self.text(line)}</p>')
        for block in self.doc.blocks:
            getattr(self, f"_{type(block).__name__}")(block)
        return (
            f'<!doctype html><html lang="th"><head><meta charset="utf-8">'
            f"<title>{self.text(self.doc.title)}</title><style>{_css(self.doc)}</style></head>"
            f"<body>{''.join(self.parts)}</body></html>"
        )

    def _Heading(self, h: Heading) -> None:
        tag = f"h{min(h.level, 3)}"
        self.parts.append(f"<{tag}>{self.text(h.full_text)}</{tag}>")

    def _Paragraph(self, p: Paragraph) -> None:
        # "justify" prints ragged-right: Chromium stretches only the spaces, and Thai has few,
        # so justified Thai lines open wide gaps (Word's thaiDistribute has no CSS equivalent).
        classes = [p.align] + (["indent"] if p.indent else [])
        style = f' style="margin-left:{p.level * LEVEL_INDENT_CM}cm"' if p.level else ""
        if p.keep_with_next:
            style = style[:-1] + ';break-after:avoid"' if style else ' style="break-after:avoid"'
        self.parts.append(f'<p class="{" ".join(classes)}"{style}>{self.runs(p.text)}</p>')

    def _list(self, markers: list[str], items, level: int) -> None:
        indent = FIRST_LINE_INDENT_CM + max(level - 1, 0) * LEVEL_INDENT_CM
        for marker, item in zip(markers, items, strict=True):
            self.parts.append(
                f'<p class="justify" style="text-indent:{indent}cm">'
                f"{self.text(marker)} {self.runs(item)}</p>"
            )

    def _BulletList(self, b: BulletList) -> None:
        self._list([b.bullet] * len(b.items), b.items, b.level)

    def _NumberedList(self, n: NumberedList) -> None:
        self._list([n.marker(i) for i in range(len(n.items))], n.items, n.level)

    def _Spacer(self, s: Spacer) -> None:
        self.parts.append('<p class="spacer">&nbsp;</p>' * s.lines)

    def _PageBreak(self, _b: PageBreak) -> None:
        self.parts.append('<div class="pagebreak"></div>')

    def _Chart(self, chart: Chart) -> None:
        png = base64.b64encode(charts.render_png(chart, self.thai)).decode("ascii")
        caption = f'<figcaption class="caption">{self.text(chart.caption)}</figcaption>'
        self.parts.append(
            f"<figure>{caption if chart.caption else ''}"
            f'<img src="data:image/png;base64,{png}" alt="{self.text(chart.title)}" '
            f'style="width:{chart.width_cm}cm"></figure>'
        )

    def _Table(self, table: Table) -> None:
        if table.caption:
            self.parts.append(f'<p class="caption">{self.text(table.caption)}</p>')
        total = sum(c.width for c in table.columns)
        size = f' style="font-size:{table.font_size * SCALE:.2f}pt"' if table.font_size else ""
        out = [f"<table{size}><colgroup>"]
        out += [f'<col style="width:{100 * c.width / total:.2f}%">' for c in table.columns]
        out.append("</colgroup><thead>")
        out += self._header(table)
        out.append("</thead><tbody>")
        for row in table.rows:
            out.append("<tr>")
            index = 0
            for c in row:
                out.append(self._cell(c, c.align or table.columns[index].align))
                index += c.colspan
            out.append("</tr>")
        out.append("</tbody></table>")
        self._columns.append(len(table.columns))
        self.parts.append("".join(out))

    def _header(self, table: Table) -> list[str]:
        if not table.has_groups:
            return ["<tr>", *(f"<th>{self.text(c.header)}</th>" for c in table.columns), "</tr>"]
        top, bottom, i, cols = ["<tr>"], ["<tr>"], 0, table.columns
        while i < len(cols):
            if cols[i].group:
                j = i
                while j + 1 < len(cols) and cols[j + 1].group == cols[i].group:
                    j += 1
                top.append(f'<th colspan="{j - i + 1}">{self.text(cols[i].group)}</th>')
                bottom += [f"<th>{self.text(c.header)}</th>" for c in cols[i : j + 1]]
                i = j + 1
            else:
                top.append(f'<th rowspan="2">{self.text(cols[i].header)}</th>')
                i += 1
        return [*top, "</tr>", *bottom, "</tr>"]

    def _cell(self, c: Cell, align: str) -> str:
        classes = align + (" shaded" if c.shaded else "")
        span = f' colspan="{c.colspan}"' if c.colspan > 1 else ""
        body = "".join(f"<p>{self.runs(p)}</p>" for p in c.paragraphs)
        return f'<td class="{classes}"{span}>{body}</td>'

    def _MemoHeader(self, m: MemoHeader) -> None:
        date = thai_date(m.date, thai_digits=self.thai) if m.date else ""
        label = '<span class="memo-label">{}</span>'.format

        def dotted(value: str, extra: str = "") -> str:
            return f'<span class="memo-fill{extra}">{value}</span>'

        garuda = ""
        if m.garuda:
            png = base64.b64encode(m.garuda).decode("ascii")
            garuda = (
                f'<img class="garuda" alt="ครุฑ" src="data:image/png;base64,{png}" '
                f'style="height:{m.garuda_cm}cm">'
            )
        self.parts.append(
            f'<div class="memo-head"><div>{garuda}</div><p class="memo-title">บันทึกข้อความ</p>'
            "<div></div></div>"
            f'<p class="memo-field">{label("ส่วนราชการ")}{dotted(self.text(m.department))}</p>'
            f'<div class="memo-line"><p class="memo-field">{label("ที่")}'
            f"{dotted(self.text(m.reference), ' nowrap')}</p>"
            f'<p class="memo-field">{label("วันที่")}{dotted(escape(date))}</p></div>'
            f'<p class="memo-field">{label("เรื่อง")}{dotted(self.text(m.subject))}</p>'
            f"<p>&nbsp;</p><p>เรียน&nbsp;&nbsp;{self.text(m.to)}</p><p>&nbsp;</p>"
        )

    def _signature_html(self, s: Signature) -> str:
        lines = [f"(ลงชื่อ){DOTS}"] if s.sign_line else []
        lines.append(f"({s.name})" if s.name else f"({DOTS})")
        lines.extend(s.position)
        if s.date_line:
            lines.append(f"วันที่ {thai_date(s.date)}" if s.date else f"วันที่{DOTS}")
        body = "".join(f"<p>{self.text(line)}</p>" for line in lines)
        return f'<div class="signature"><div class="signature-box">{body}</div></div>'

    def _Signature(self, s: Signature) -> None:
        # Chromium does not always honour break-before: avoid after a paragraph that ends at
        # the foot of a page; one unbreakable box of the last paragraph, the blank lines and
        # the signature always does (a signature alone on a page is not a signed document).
        keep = [self._signature_html(s)]
        while self.parts and self.parts[-1].startswith('<p class="spacer">'):
            keep.insert(0, self.parts.pop())
        if self.parts and self.parts[-1].startswith("<table"):
            # After a table (the O43 ends so) the signature becomes the table's last row, with
            # no borders, kept with the row above: a row comes over with it, as Chromium
            # would not do for a box after the table.
            table, span = self.parts.pop(), self._columns[-1]
            row = f'<tr class="signature-row"><td colspan="{span}">{"".join(keep)}</td></tr>'
            self.parts.append(table.replace("</tbody></table>", row + "</tbody></table>"))
            return
        if self.parts and self.parts[-1].startswith('<p class="'):
            keep.insert(0, self.parts.pop())
        self.parts.append(f'<div class="keep">{"".join(keep)}</div>')

    def _OpinionChain(self, chain: OpinionChain) -> None:
        for o in chain.opinions:
            body = [f"<p><b>{self.text(o.heading)}</b></p>"]
            if o.choices:
                marks = "&emsp;&emsp;".join(self.text(mark) for mark in o.marks())
                body.append(f'<p class="indent choices">{marks}</p>')
            if o.text:
                body.append(f'<p class="justify indent">{self.runs((Run(o.text),))}</p>')
            else:
                body += ['<div class="dotted"></div>'] * o.blank_lines
            body.append(self._signature_html(o.signature))
            self.parts.append(f'<div class="opinion">{"".join(body)}</div>')


def render_html(doc: Document) -> str:
    """The document as one self-contained HTML page (fonts and charts embedded)."""
    return _Writer(doc).write()
