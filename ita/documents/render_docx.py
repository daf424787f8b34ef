"""Document → DOCX (python-docx), in the layout of Thai official documents: A4, the margins of
the Regulations on Correspondence, "TH SarabunIT๙" 16 pt, numbered sections, tables whose header
rows repeat on every page, charts as PNG, Thai digits when the option is on."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER, WD_UNDERLINE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from ita.documents import charts
from ita.documents.content import (
    BulletList,
    Cell,
    Chart,
    Column,
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
from ita.lib.fonts import FONT_DIR
from ita.lib.thai_dates import thai_date

# What Thai government PCs have; LibreOffice substitutes a metric-compatible font when absent.
FONT_NAME = "TH SarabunIT๙"
PAGE_CM = (21.0, 29.7)  # A4
# Margins of official letters: left 3 cm (binding), right 2 cm, top 2.5 cm, bottom 2 cm.
MARGINS_CM = {"top": 2.5, "bottom": 2.0, "left": 3.0, "right": 2.0}
FIRST_LINE_INDENT_CM = 2.5  # ย่อหน้า of official letters
LEVEL_INDENT_CM = 1.25
TITLE_EXTRA_PT = 2  # title lines are 2 pt larger than the body
MEMO_TITLE_PT = 29  # "บันทึกข้อความ" in the official memo form
MEMO_LABEL_PT = 20  # ส่วนราชการ / ที่ / วันที่ / เรื่อง
HEADER_SHADE = "D9E2F3"
SECTION_SHADE = "EDEDED"
DOTS = "." * 40
BLANK_LINE_EM = 1.1  # the height of an empty line, in font sizes (single spacing)

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    # Thai distributed justification: Thai has no spaces between words, so "both" would
    # stretch the few spaces there are; Word's thaiDistribute spreads the line evenly.
    "justify": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}


@lru_cache(maxsize=64)
def _rpr_xml(half_points: int, bold: bool, italic: bool, underline: bool) -> str:
    # The complex-script attributes are what Word and LibreOffice use for Thai: w:cs font,
    # w:szCs size, w:bCs bold, w:lang bidi. Without them Thai falls back to the theme font at
    # 14 pt. Element order follows the schema (CT_RPr); Word rejects other orders.
    font = FONT_NAME
    return (
        f"<w:rPr {nsdecls('w')}>"
        f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        + ('<w:u w:val="single"/>' if underline else "")
        + '<w:lang w:val="th-TH" w:bidi="th-TH"/></w:rPr>'
    )


class _Writer:
    """Writes one Document into a python-docx document; state = the options and text width."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.thai = doc.options.thai_digits
        self.size = doc.options.font_size
        self.out = docx.Document()
        landscape = doc.options.orientation == "landscape"
        width = PAGE_CM[1] if landscape else PAGE_CM[0]
        self.text_width_cm = width - MARGINS_CM["left"] - MARGINS_CM["right"]
        self._setup(landscape)

    # ------------------------------------------------------------------ page and styles
    def _setup(self, landscape: bool) -> None:
        normal = self.out.styles["Normal"]
        normal.element.get_or_add_rPr()
        rpr = normal.element.rPr
        normal.element.remove(rpr)
        normal.element.append(parse_xml(_rpr_xml(int(self.size * 2), False, False, False)))
        fmt = normal.paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        section = self.out.sections[0]
        w, h = PAGE_CM
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            w, h = h, w
        section.page_width, section.page_height = Cm(w), Cm(h)
        for side, value in MARGINS_CM.items():
            setattr(section, f"{side}_margin", Cm(value))
        section.header_distance = Cm(1.2)
        if self.doc.options.page_numbers:
            self._page_numbers(section)
        props = self.out.core_properties
        props.title, props.author, props.language = self.doc.title, self.doc.agency_name, "th-TH"

    def _page_numbers(self, section) -> None:
        # Official letters number pages from the second, centred at the top: "- ๒ -".
        section.different_first_page_header_footer = True
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._add_run(p, Run("- "))
        rpr = _rpr_xml(int(self.size * 2), False, False, False).replace(f" {nsdecls('w')}", "")
        p._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r>{rpr}'
                f"<w:t>2</w:t></w:r></w:fldSimple>"
            )
        )
        self._add_run(p, Run(" -"))
        if self.thai:
            sect_pr = section._sectPr
            pg = sect_pr.find(qn("w:pgNumType"))
            if pg is None:
                pg = parse_xml(f"<w:pgNumType {nsdecls('w')}/>")
                # pgNumType goes before cols/titlePg etc.; after pgMar is schema order.
                sect_pr.find(qn("w:pgMar")).addnext(pg)
            pg.set(qn("w:fmt"), "thaiNumbers")

    # ------------------------------------------------------------------ text
    def _add_run(self, p, run: Run, size: float | None = None, bold: bool = False):
        r = p.add_run(self.doc.text(run.text, run.verbatim))
        half = int((size or self.size) * 2)
        r._r.insert(0, parse_xml(_rpr_xml(half, run.bold or bold, run.italic, run.underline)))
        return r

    def _paragraph(
        self,
        parts,
        *,
        align="left",
        first_cm=0.0,
        left_cm=0.0,
        size=None,
        bold=False,
        keep=False,
        container=None,
    ):
        p = (container or self.out).add_paragraph()
        self._format(p, align=align, first_cm=first_cm, left_cm=left_cm, keep=keep)
        for run in parts:
            self._add_run(p, run, size=size, bold=bold)
        return p

    @staticmethod
    def _format(p, *, align="left", first_cm=0.0, left_cm=0.0, keep=False) -> None:
        fmt = p.paragraph_format
        p.alignment = _ALIGN[align]
        if first_cm:
            fmt.first_line_indent = Cm(first_cm)
        if left_cm:
            fmt.left_indent = Cm(left_cm)
        if keep:
            fmt.keep_with_next = True

    # ------------------------------------------------------------------ blocks
    def write(self) -> bytes:
        for line in self.doc.title_lines:
            self._paragraph(
                (Run(line),), align="center", size=self.size + TITLE_EXTRA_PT, bold=True, keep=True
            )
        if self.doc.title_lines:
            self._paragraph(())
        for block in self.doc.blocks:
            getattr(self, f"_{type(block).__name__}")(block)
        out = io.BytesIO()
        self.out.save(out)
        return out.getvalue()

    def _Heading(self, h: Heading) -> None:
        first = {1: 0.0, 2: LEVEL_INDENT_CM}.get(h.level, FIRST_LINE_INDENT_CM)
        p = self._paragraph((Run(h.full_text),), first_cm=first, bold=True, keep=True)
        p.paragraph_format.space_before = Pt(6 if h.level == 1 else 3)

    def _Paragraph(self, para: Paragraph) -> None:
        self._paragraph(
            para.text,
            align=para.align,
            first_cm=FIRST_LINE_INDENT_CM if para.indent else 0.0,
            left_cm=para.level * LEVEL_INDENT_CM,
            keep=para.keep_with_next,
        )

    def _list(self, markers: list[str], items, level: int) -> None:
        # Thai official style: the marker at the paragraph indent, wrapped lines at the margin.
        first = FIRST_LINE_INDENT_CM + max(level - 1, 0) * LEVEL_INDENT_CM
        for marker, item in zip(markers, items, strict=True):
            self._paragraph((Run(f"{marker} "), *item), align="justify", first_cm=first)

    def _BulletList(self, b: BulletList) -> None:
        self._list([b.bullet] * len(b.items), b.items, b.level)

    def _NumberedList(self, n: NumberedList) -> None:
        self._list([n.marker(i) for i in range(len(n.items))], n.items, n.level)

    def _Spacer(self, s: Spacer) -> None:
        # A blank line belongs to what follows it (a signature, a heading), never to a page top.
        for _ in range(s.lines):
            self._paragraph((), keep=True)

    def _PageBreak(self, _b: PageBreak) -> None:
        self.out.add_page_break()

    def _Chart(self, chart: Chart) -> None:
        png = charts.render_png(chart, self.thai)
        if chart.caption:
            self._paragraph((Run(chart.caption),), bold=True, keep=True)
        p = self.out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = False
        width = min(chart.width_cm, self.text_width_cm)
        p.add_run().add_picture(io.BytesIO(png), width=Cm(width))

    # ------------------------------------------------------------------ tables
    def _Table(self, table: Table) -> None:
        if table.caption:
            self._paragraph((Run(table.caption),), bold=True, keep=True)
        size = table.font_size or self.size
        total = sum(c.width for c in table.columns)
        widths = [Cm(self.text_width_cm * c.width / total) for c in table.columns]
        t = self.out.add_table(rows=0, cols=len(table.columns))
        t.style = "Table Grid"  # single borders on every cell
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for col, width in zip(t.columns, widths, strict=True):
            col.width = width
        _fixed_width(t, Cm(self.text_width_cm))
        self._header_rows(t, table, widths, size)
        for row in table.rows:
            self._body_row(t, table.columns, row, widths, size)
        self._paragraph(())  # Word needs a paragraph between a table and what follows

    def _header_rows(self, t, table: Table, widths, size: float) -> None:
        grouped = table.has_groups
        top = t.add_row()
        bottom = t.add_row() if grouped else None
        for row in (top, bottom) if grouped else (top,):
            tr_pr = row._tr.get_or_add_trPr()
            # w:tblHeader repeats the row at the top of every page the table runs onto.
            tr_pr.append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
            tr_pr.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        cells_top, cells_bottom = top.cells, bottom.cells if grouped else None
        for row_cells in (cells_top, cells_bottom) if grouped else (cells_top,):
            for c, width in zip(row_cells, widths, strict=True):
                c.width = width  # before merging: a merge adds the widths up
        i = 0
        while i < len(table.columns):
            column = table.columns[i]
            if grouped and column.group:
                j = i
                while j + 1 < len(table.columns) and table.columns[j + 1].group == column.group:
                    j += 1
                span = cells_top[i].merge(cells_top[j]) if j > i else cells_top[i]
                self._header_cell(span, column.group, size)
                for k in range(i, j + 1):
                    self._header_cell(cells_bottom[k], table.columns[k].header, size)
                i = j + 1
                continue
            target = cells_top[i].merge(cells_bottom[i]) if grouped else cells_top[i]
            self._header_cell(target, column.header, size)
            i += 1

    def _header_cell(self, c, text: str, size: float) -> None:
        p = c.paragraphs[0]
        self._format(p, align="center")
        self._add_run(p, Run(text, bold=True), size=size)
        _shade(c, HEADER_SHADE)

    def _body_row(self, t, columns: tuple[Column, ...], row: tuple[Cell, ...], widths, size):
        row_ = t.add_row()
        # As the PDF (tr break-inside: avoid): a row moves whole to the next page, so the two
        # break pages alike; Word and LibreOffice still split a row taller than a page.
        row_._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        cells = row_.cells
        for c, width in zip(cells, widths, strict=True):
            c.width = width
        index = 0
        for content in row:
            target = cells[index]
            if content.colspan > 1:
                target = target.merge(cells[index + content.colspan - 1])
            align = content.align or columns[index].align
            for n, paragraph in enumerate(content.paragraphs or ((),)):
                p = target.paragraphs[0] if n == 0 else target.add_paragraph()
                self._format(p, align=align)
                for run in paragraph:
                    self._add_run(p, run, size=size)
            if content.shaded:
                _shade(target, SECTION_SHADE)
            index += content.colspan

    # ------------------------------------------------------------------ memo parts
    def _MemoHeader(self, m: MemoHeader) -> None:
        # The form of ระเบียบงานสารบรรณ: the ครุฑ at the top left, "บันทึกข้อความ" centred on its
        # line, then ส่วนราชการ / ที่ … วันที่ / เรื่อง, each written on a dotted line to the margin.
        p = self._paragraph((), align="left" if m.garuda else "center")
        if m.garuda:
            p.paragraph_format.tab_stops.add_tab_stop(
                Cm(self.text_width_cm / 2), WD_TAB_ALIGNMENT.CENTER
            )
            p.add_run().add_picture(io.BytesIO(m.garuda), height=Cm(m.garuda_cm))
            self._add_run(p, Run("\t"))
        self._add_run(p, Run("บันทึกข้อความ"), size=MEMO_TITLE_PT, bold=True)
        end = Cm(self.text_width_cm)
        p = self._labelled("ส่วนราชการ", m.department)
        p.paragraph_format.tab_stops.add_tab_stop(end, WD_TAB_ALIGNMENT.RIGHT)
        date = thai_date(m.date, thai_digits=self.thai) if m.date else ""
        p = self._labelled("ที่", m.reference)
        p.paragraph_format.tab_stops.add_tab_stop(Cm(self.text_width_cm / 2 - 0.2))
        p.paragraph_format.tab_stops.add_tab_stop(end, WD_TAB_ALIGNMENT.RIGHT)
        self._add_run(p, Run(" "))
        self._add_run(p, Run("วันที่", bold=True), size=MEMO_LABEL_PT)
        self._dotted(p, date)
        p = self._labelled("เรื่อง", m.subject)
        p.paragraph_format.tab_stops.add_tab_stop(end, WD_TAB_ALIGNMENT.RIGHT)
        self._paragraph(())
        self._paragraph((Run(f"เรียน  {m.to}"),))
        self._paragraph(())

    def _labelled(self, label: str, value: str):
        p = self._paragraph(())
        self._add_run(p, Run(label, bold=True), size=MEMO_LABEL_PT)
        self._dotted(p, value)
        return p

    def _dotted(self, p, value: str) -> None:
        # The value sits on the form's dotted line: a dotted underline from the label to the
        # next tab stop (Word and LibreOffice underline a tab's width too).
        for text in (f" {value} ", "\t"):
            run = self._add_run(p, Run(text))
            run.font.underline = WD_UNDERLINE.DOTTED

    def _Signature(self, s: Signature) -> None:
        # Centred in the right half of the page, as the seeds sign.
        left = self.text_width_cm / 2 - 1
        lines = []
        if s.sign_line:
            lines.append(f"(ลงชื่อ){DOTS}")
        lines.append(f"({s.name})" if s.name else f"({DOTS})")
        lines.extend(s.position)
        if s.date_line:
            lines.append(f"วันที่ {thai_date(s.date)}" if s.date else f"วันที่{DOTS}")
        # Keep-with-next on the text before: Word and LibreOffice then move its last lines over
        # with the signature rather than leave it alone at a page top. The blank lines
        # before it (a builder's Spacer, and one of its own) become space above "(ลงชื่อ)":
        # LibreOffice lets an empty paragraph break a keep-with-next chain.
        blanks = 1
        body = self.out.element.body
        previous = body[-1].getprevious()  # the body ends with w:sectPr
        while previous is not None and _is_blank(previous):
            body.remove(previous)
            blanks += 1
            previous = body[-1].getprevious()
        if previous is not None and previous.tag == qn("w:p"):
            DocxParagraph(previous, self.out._body).paragraph_format.keep_with_next = True
        elif previous is not None and previous.tag == qn("w:tbl"):
            for p in previous.xpath("./w:tr[last()]//w:p"):  # the table's last row
                DocxParagraph(p, self.out._body).paragraph_format.keep_with_next = True
        # One paragraph, its lines joined by line breaks and kept together: LibreOffice broke a
        # chain of keep-with-next paragraphs between "(ลงชื่อ)" and the name (อบจ.มุกดาหาร's memo).
        p = self._paragraph((Run("\n".join(lines)),), align="center", left_cm=left)
        p.paragraph_format.keep_together = True
        p.paragraph_format.space_before = Pt(self.size * BLANK_LINE_EM * blanks)

    def _OpinionChain(self, chain: OpinionChain) -> None:
        for opinion in chain.opinions:
            self._paragraph(())
            self._paragraph((Run(opinion.heading, bold=True),), keep=True)
            if opinion.choices:
                marks = "      ".join(opinion.marks())
                self._paragraph((Run(marks),), first_cm=FIRST_LINE_INDENT_CM, keep=True)
            if opinion.text:
                self._paragraph(
                    (Run(opinion.text),), align="justify", first_cm=FIRST_LINE_INDENT_CM, keep=True
                )
            else:
                for _ in range(opinion.blank_lines):
                    self._dotted_line()
            self._Signature(opinion.signature)

    def _dotted_line(self) -> None:
        # A tab with a dot leader to the right margin: a line to write on, any width.
        p = self._paragraph((), keep=True)
        p.paragraph_format.tab_stops.add_tab_stop(
            Cm(self.text_width_cm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        self._add_run(p, Run("\t"))


def _is_blank(element) -> bool:
    """An empty paragraph: no text, no tab (a dotted line), no break, no picture."""
    return (
        element.tag == qn("w:p")
        and not "".join(element.itertext()).strip()
        and not element.xpath(".//w:tab|.//w:br|.//w:drawing")
    )


def _fixed_width(t, width) -> None:
    # LibreOffice shrinks an "auto" width table to its text, ignoring the column grid; the full
    # text width (with autofit off = fixed layout) is what Word does with these widths anyway.
    tbl_w = t._tbl.tblPr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(int(width.twips)))


def _shade(c, fill: str) -> None:
    c._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def render_docx(doc: Document) -> bytes:
    """The document as DOCX bytes."""
    return _Writer(doc).write()


# --------------------------------------------------------------------------- LibreOffice
# Word in a Thai office has TH SarabunIT๙; a Debian machine has not, and fonts-thai-tlwg's
# fontconfig rule answers "TH Sarabun…" with Laksaman and a 0.66 matrix that LibreOffice ignores:
# text 1.5× too large, 20 pages instead of 9. The fix is on the reading machine, not in the
# file: a font named for it, Sarabun (OFL, the glyphs of our PDF) drawn at the PDF's scale
# (unitsPerEm ÷ 0.69, nothing else changed), and a fontconfig alias from the office names to
# it. LibreOffice then lays the DOCX out as our PDF is laid out. docs/documents.md says how.
LIBREOFFICE_FAMILY = "ITA Sarabun DOCX"
OFFICE_FONTS = ("TH SarabunIT๙", "TH SarabunPSK", "TH Sarabun New")
PDF_SCALE = 0.69  # Sarabun at 0.69 × the DOCX size draws as TH SarabunIT๙ (render_html)
PDF_LINE_HEIGHT = 1.6  # em of Sarabun, render_html's line-height
_STYLES = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}


def libreoffice_fonts(directory) -> Path:
    """Write the scaled Sarabun faces and a fonts.conf into `directory`; returns the conf, for
    FONTCONFIG_FILE=… soffice, or to copy into ~/.config/fontconfig/fonts.conf."""
    from fontTools.ttLib import TTFont

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for style, subfamily in _STYLES.items():
        font = TTFont(FONT_DIR / f"Sarabun-{style}.ttf")
        upm = font["head"].unitsPerEm
        font["head"].unitsPerEm = round(upm / PDF_SCALE)
        # The PDF's line is 1.6 em (render_html's line-height); LibreOffice's single spacing is
        # the font's ascent + descent, so they are set to that, the extra shared above and below.
        hhea, os2 = font["hhea"], font["OS/2"]
        extra = (PDF_LINE_HEIGHT * upm - (hhea.ascent - hhea.descent)) / 2
        hhea.ascent = os2.sTypoAscender = round(hhea.ascent + extra)
        hhea.descent = os2.sTypoDescender = round(hhea.descent - extra)
        hhea.lineGap = os2.sTypoLineGap = 0
        name = font["name"]
        full = f"{LIBREOFFICE_FAMILY} {subfamily}".replace(" Regular", "")
        ps = f"{LIBREOFFICE_FAMILY.replace(' ', '')}-{style}"
        for record in list(name.names):
            if record.nameID in (1, 16):
                record.string = LIBREOFFICE_FAMILY
            elif record.nameID in (2, 17):
                record.string = subfamily
            elif record.nameID == 3:
                record.string = f"{ps};scaled {PDF_SCALE}"
            elif record.nameID == 4:
                record.string = full
            elif record.nameID == 6:
                record.string = ps
        font.save(directory / f"{ps}.ttf")
    aliases = "".join(
        f'<alias binding="strong"><family>{escape(office)}</family>'
        f"<prefer><family>{LIBREOFFICE_FAMILY}</family></prefer></alias>"
        for office in OFFICE_FONTS
    )
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{escape(str(directory.resolve()))}</dir>{aliases}"
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include></fontconfig>\n',
        encoding="utf-8",
    )
    return conf
