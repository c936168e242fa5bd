"""Thai typesetting on top of python-docx: A4 pages, Thai paragraphs, tables, signatures; every run's fonts on all
four script slots (``ita.reports.docx_fonts``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ita.common.plaintext import file_property, xml
from ita.common.thai import thai_digits
from ita.reports.docx_fonts import enforce_fonts, set_rpr_fonts, style_run
from ita.reports.templates import ReportStyle
from ita.reports.typeset import keep_together, link_spans

# Kept as typed. An e-mail address starts where no address letter stands before it: tried at every letter of a long
# run without '@', the pattern took quadratic time.
_ADDRESSES = re.compile(r"((?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")

HEADER_FILL = "D9E2F3"  # pale blue of the table header rows
BLACK = RGBColor(0, 0, 0)
LINK_BLUE = RGBColor(0x1F, 0x4E, 0x9A)  # a link, as Word draws one

NUMBERED = re.compile(r"^(\d+\.)\s+(.*)$")  # '2. แก้ไขจุดอ่อน...' in ``numbered``
KEEP_CHAIN_CHARS = 300  # a paragraph longer than this (five lines or so) ends the chain kept with the signatures
HANGING_CM = 0.75  # how far an item's wrapped lines start right of its number
SIGNATURE_MIN_CM = 10.0  # a signature block side by side with another needs this much width
# A table row taller than this share of the page's text height (estimated) may break across pages: kept whole it
# would leave much of a page blank (a third of a page, under each of section 4's tables, page after page), or,
# taller than the page under the repeated header, run past the page's foot (LibreOffice draws it below the table's
# border). Shorter rows move to the next page whole, and so does any row up to ``KEPT_ROW_MIN_CM`` tall: on a
# landscape page (16.5 cm of text) a third is only six lines, and the measures table's rows of seven or eight were
# cut at every page break, a line or two stranded under the next page's header.
KEPT_ROW_SHARE = 0.3
KEPT_ROW_MIN_CM = 7.5
CHAR_WIDTH_EM = 0.42  # a Thai character's average width in TH Sarabun New, in ems: the estimate of a cell's lines
WRAP_SLACK = 1.25  # Thai wraps at word ends: a narrow cell takes about this many times the lines of its characters
LINE_EM = 1.65  # a table line's height in ems of its size (TH Sarabun New and Laksaman at single spacing, measured)


class ThaiDocument:
    """A Word document set for Thai: A4, the style's margins, font and sizes on every run."""

    def __init__(self, style: ReportStyle | None = None) -> None:
        self.style = style or ReportStyle()
        self.doc = Document()
        self.width_cm = self.style.text_width_cm  # text width of the current section
        self.height_cm = 29.7 - self.style.margin_top_cm - self.style.margin_bottom_cm  # and its text height
        self._setup()

    # ----------------------------------------------------------------- setup

    def _setup(self) -> None:
        s = self.style
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(s.margin_top_cm), Cm(s.margin_bottom_cm)
        section.left_margin, section.right_margin = Cm(s.margin_left_cm), Cm(s.margin_right_cm)
        section.header_distance = Cm(1.2)
        # Document defaults: every run that names no font inherits these.
        styles_el = self.doc.styles.element
        rpr_default = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr_default is not None:
            set_rpr_fonts(rpr_default, s.font, s.size_pt)
        for name in (
            "Normal",
            "Table Grid",
            "Caption",
            "Title",
            "Header",
            "Footer",
            "Heading 1",
            "Heading 2",
            "Heading 3",
        ):
            try:
                st = self.doc.styles[name]
            except KeyError:
                continue
            heading = name.startswith("Heading") or name == "Title"
            set_rpr_fonts(
                st.element.get_or_add_rPr(),
                s.font,
                s.size_pt if name != "Title" else s.title_size_pt,
                bold=True if heading else None,
            )
            if heading or name == "Title":
                st.font.color.rgb = BLACK
                st.font.italic = False
                pf = st.paragraph_format
                pf.space_before, pf.space_after = Pt(6), Pt(3)
                pf.keep_with_next = True
        normal = self.doc.styles["Normal"].paragraph_format
        normal.space_before, normal.space_after = Pt(0), Pt(0)
        normal.line_spacing = s.line_spacing
        self._page_numbers(section)

    def _page_numbers(self, section) -> None:
        """'- 2 -' at the top centre from page 2 on, as Thai official documents number their pages. In Arabic digits
        even with the style's Thai numerals: Word's switch for Thai digits (``\\* ThaiArabic``) is drawn by
        LibreOffice as Thai letters ('- ข -'), and its page number format (``thaiNumbers``) is ignored there."""
        section.different_first_page_header_footer = True
        p = section.header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, "- ")
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
            run = p.add_run()
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                run.text = "2"
            style_run(run, self.style.font, self.style.size_pt)
        self._run(p, " -")

    # ----------------------------------------------------------------- text

    def _run(self, paragraph: Paragraph, text: str, *, size: float | None = None, bold: bool | None = None):
        # Every text of the document passes here: no character XML refuses, no line break inside a phrase unit; a
        # web address is a link a reader clicks (evidence, the ITAS address), to the address as typed.
        run = None
        for piece, is_link in link_spans(xml(self.number(text))) or [("", False)]:
            run = paragraph.add_run(keep_together(piece, self.style.keep_words))
            style_run(run, self.style.font, size or self.style.size_pt, bold)
            if is_link:
                link = OxmlElement("w:hyperlink")
                link.set(qn("r:id"), paragraph.part.relate_to(piece, RT.HYPERLINK, is_external=True))
                paragraph._p.append(link)
                link.append(run._r)  # moved into the link
                run.font.color.rgb, run.font.underline = LINK_BLUE, True
        return run

    def _lines(self, paragraph: Paragraph, text: str, *, size: float | None = None, bold: bool | None = None) -> None:
        """Text with single newlines kept as line breaks inside the paragraph."""
        for k, line in enumerate(text.split("\n")):
            if k:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            if line:
                self._run(paragraph, line, size=size, bold=bold)

    def paragraphs(
        self,
        text: str,
        *,
        indent: bool = True,
        align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
        bold: bool | None = None,
        size: float | None = None,
        space_after: float = 6,
        left_cm: float | None = None,
    ) -> list[Paragraph]:
        """One paragraph per blank-line-separated block, Thai-justified with the first-line indent."""
        out = []
        blocks = [b.strip("\n") for b in text.replace("\r\n", "\n").split("\n\n")]
        for block in blocks:
            if not block.strip():
                continue
            p = self.doc.add_paragraph()
            p.alignment = align
            pf = p.paragraph_format
            if indent:
                pf.first_line_indent = Cm(self.style.first_line_indent_cm)
            if left_cm is not None:
                pf.left_indent = Cm(left_cm)
            pf.space_after = Pt(space_after)
            item = NUMBERED.match(block.strip())  # a numbered paragraph ('1. แบบวัด…'): its number as the headings'
            self._lines(
                p, f"{self.number(item.group(1))} {item.group(2)}" if item else block.strip(), bold=bold, size=size
            )
            out.append(p)
        return out

    def numbered(self, text: str) -> list[Paragraph]:
        """Lines of text: a line that starts with a number ('2. ...') is an item with a hanging indent (its
        wrapped lines start under its text, not under its number); any other line is a paragraph."""
        out = []
        for line in (s.strip() for s in text.replace("\r\n", "\n").split("\n")):
            item = NUMBERED.match(line)
            if not line:
                continue
            if item is None:  # an intro line stays with the items after it
                out.extend(self.paragraphs(line))
                out[-1].paragraph_format.keep_with_next = True
                continue
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
            pf = p.paragraph_format
            pf.left_indent = Cm(self.style.first_line_indent_cm + HANGING_CM)
            pf.first_line_indent = Cm(-HANGING_CM)
            pf.space_after = Pt(3)
            self._lines(p, f"{self.number(item.group(1))}\t{item.group(2)}")
            pf.tab_stops.add_tab_stop(Cm(self.style.first_line_indent_cm + HANGING_CM))
            out.append(p)
        return out

    def number(self, text: str) -> str:
        """``text`` in the style's digits: with Thai numerals, every digit but those of a link or an e-mail address
        ('https://itas.nacc.go.th/go/2568' must still work when typed in)."""
        if not self.style.thai_numerals:
            return text
        return "".join(part if k % 2 else thai_digits(part) for k, part in enumerate(_ADDRESSES.split(text)))

    def heading(self, text: str, level: int = 1, number: str | None = None) -> Paragraph:
        p = self.doc.add_paragraph(style=f"Heading {min(level, 3)}")
        if level > 1:
            p.paragraph_format.left_indent = Cm(0.75 * (level - 1))
        label = self.number(f"{number} {text}" if number else text)  # Thai numerals: every digit of a heading
        self._run(p, label, bold=True, size=self.style.size_pt + (2 if level == 1 else 0))
        return p

    def centred(self, text: str, *, size: float | None = None, bold: bool = True, space_after: float = 0) -> None:
        for line in text.split("\n"):
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(space_after)
            if line.strip():
                self._run(p, line.strip(), size=size, bold=bold)

    def leader_line(self, left: str, right: str, *, left_cm: float = 1.5) -> Paragraph:
        """'left ........ right' with the right part flush at the text edge (a ranked list)."""
        p = self.doc.add_paragraph()
        pf = p.paragraph_format
        pf.left_indent = Cm(left_cm)
        pf.tab_stops.add_tab_stop(Cm(self.width_cm - 0.05), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        self._run(p, f"{left}\t{right}")
        return p

    def note(self, text: str) -> Paragraph:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Pt(6)
        self._run(p, text, size=self.style.table_size_pt).italic = True
        return p

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def spacer(self, points: float = 6) -> None:
        p = self.doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        self._run(p, "", size=points)

    # ----------------------------------------------------------------- tables and pictures

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths_cm: Sequence[float],
        *,
        size: float | None = None,
        align: Sequence[str] | None = None,
    ) -> Table:
        """A bordered table filling the text width: bold shaded header row repeated on every page,
        cells top-aligned, text kept as typed (newlines become line breaks). A row moves to the next page whole
        (no line or two left at a page's foot, and the last row carries what is kept with it, the signatures),
        unless it is taller than ``KEPT_ROW_SHARE`` of the page's text height and ``KEPT_ROW_MIN_CM``."""
        size = size or self.style.table_size_pt
        scale = self.width_cm / sum(widths_cm)
        widths = [Cm(w * scale) for w in widths_cm]
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        header = table.rows[0]
        _repeat_header(header)
        for k, text in enumerate(headers):
            cell = header.cells[k]
            self._cell(cell, text, widths[k], size=size, bold=True, align="center")
            _shade(cell, HEADER_FILL)
        kept_lines = max(KEPT_ROW_SHARE * self.height_cm, KEPT_ROW_MIN_CM) / (size * LINE_EM * 2.54 / 72)
        for row in rows:
            added = table.add_row()
            if max(_lines(str(text), w.cm, size) for text, w in zip(row, widths, strict=False)) <= kept_lines:
                _keep_row_together(added)
            cells = added.cells
            for k, text in enumerate(row):
                self._cell(cells[k], str(text), widths[k], size=size, align=(align[k] if align else "left"))
        _fixed_layout(table, widths)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return table

    def _cell(
        self, cell: _Cell, text: str, width, *, size: float, bold: bool | None = None, align: str = "left"
    ) -> None:
        cell.width = width
        blocks = [b for b in text.replace("\r\n", "\n").split("\n\n")] or [""]
        first = cell.paragraphs[0]
        for k, block in enumerate(blocks):
            p = first if k == 0 else cell.add_paragraph()
            p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(
                align, WD_ALIGN_PARAGRAPH.LEFT
            )
            p.paragraph_format.space_after = Pt(2)
            self._lines(p, block, size=size, bold=bold)
            if not p.runs:
                self._run(p, "", size=size)

    def picture(self, png: bytes, width_cm: float | None = None) -> None:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True  # with its caption, under it
        run = p.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(width_cm or self.width_cm))
        style_run(run, self.style.font, self.style.size_pt)

    def caption(self, text: str, *, above: bool = False) -> None:
        """A figure's caption (under it), or a table's (``above`` it: kept on the page of the table's first row, never
        alone at a page's foot)."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(8)
        p.paragraph_format.keep_with_next = above
        self._run(p, text, size=self.style.table_size_pt, bold=True)

    def signatures(self, blocks: Sequence[tuple[str, str, str]], labels: dict[str, str]) -> Table:
        """Signature blocks (role, name, position): line, (name), position, centred. Side by side when the page
        is wide enough (``SIGNATURE_MIN_CM`` each), else one under the other in the same cell; in a borderless table
        whose one row never splits and that stays on the page of what comes before it, so a signature is never
        alone on a page (two rows of a narrow page's blocks could part: the approver's alone on the last page)."""
        self._keep_end_with_next()
        across = max(1, min(len(blocks), int(self.width_cm // SIGNATURE_MIN_CM)))
        columns = [blocks[k::across] for k in range(across)]  # each cell's blocks, one under the other
        table = self.doc.add_table(rows=1, cols=across)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(self.width_cm / across)] * across
        _keep_row_together(table.rows[0])
        for cell, group in zip(table.rows[0].cells, columns, strict=True):
            lines = [
                line
                for role, name, position in group
                for line in (
                    labels["sign_line"].format(role=role),
                    labels["sign_name"].format(name=name or labels["blank_name"]),
                    labels["sign_position"].format(position=position or labels["blank_name"]),
                )
            ]
            for k, line in enumerate(lines):
                p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_before = Pt(18 if k % 3 == 0 else 0)
                p.paragraph_format.keep_with_next = k < len(lines) - 1
                self._run(p, line)
        _fixed_layout(table, widths)
        return table

    def _keep_end_with_next(self, elements: int = 3) -> None:
        """Up to the last ``elements`` blocks of the body keep with what follows: the last always, and before it the
        short paragraphs back to a table (its last row kept too) or a long paragraph (over ``KEEP_CHAIN_CHARS``,
        not kept). LibreOffice moves a kept paragraph whole: a chain longer than a page's free space left a page
        of two lines, then the chain, then the signatures alone on the last page."""
        body = self.doc.element.body
        blocks = [e for e in body.iterchildren() if e.tag in (qn("w:p"), qn("w:tbl"))][-elements:]
        for k, element in enumerate(reversed(blocks)):
            table = element.tag == qn("w:tbl")
            if k and not table and len(Paragraph(element, self.doc).text) > KEEP_CHAIN_CHARS:
                break
            rows = element.findall(qn("w:tr")) if table else []
            paragraphs = list(rows[-1].iter(qn("w:p"))) if rows else [] if table else [element]
            for p in paragraphs:
                Paragraph(p, self.doc).paragraph_format.keep_with_next = True
            if table:
                break

    def landscape_section(self) -> None:
        """Continue on a new landscape A4 page (wide tables: the five-column measures table), page
        numbers running on."""
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.different_first_page_header_footer = False
        self.width_cm = 29.7 - self.style.margin_left_cm - self.style.margin_right_cm
        self.height_cm = 21.0 - self.style.margin_top_cm - self.style.margin_bottom_cm

    # ----------------------------------------------------------------- output

    def describe(self, title: str, author: str) -> None:
        """The file's own properties, which a published file carries and a reader's PDF shows: its title and the
        agency as author, written now. Without this a file says it was written by "python-docx" in 2013 (the
        properties of the library's template)."""
        core = self.doc.core_properties
        core.title = file_property(title)
        core.author = core.last_modified_by = file_property(author)
        core.comments = core.keywords = core.subject = core.category = ""
        core.created = core.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        core.revision = 1

    def to_bytes(self) -> bytes:
        enforce_fonts(self.doc, self.style.font)
        core = self.doc.core_properties
        core.title = xml(core.title or "")
        _own_properties(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# The application properties a file carries: the library's template says "Microsoft Macintosh Word", one page and no
# words, and carries a blank preview image, which a file manager or a website shows as the document's picture.
_APP_PROPERTIES = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    b"<Application>ITA Dashboard</Application><DocSecurity>0</DocSecurity></Properties>"
)


def _own_properties(doc: Any) -> None:
    """The file's application properties as this program's (``_APP_PROPERTIES``), without the template's preview."""
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _APP_PROPERTIES


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _lines(text: str, width_cm: float, size_pt: float) -> int:
    """About how many lines ``text`` takes in a cell ``width_cm`` wide (less its margins) at ``size_pt``."""
    per_line = max(1, int((width_cm - 0.4) * 72 / 2.54 / (size_pt * CHAR_WIDTH_EM)))
    return round(sum(1 + len(line) // per_line for line in text.split("\n")) * WRAP_SLACK)


def _keep_row_together(row) -> None:
    """A row moves to the next page whole rather than leaving a few lines behind (w:cantSplit)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _fixed_layout(table: Table, widths) -> None:
    """Fixed column widths (Word otherwise autofits Thai text, which has no spaces, very unevenly)."""
    table.autofit = False  # python-docx writes w:tblLayout type="fixed" in its schema position
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
