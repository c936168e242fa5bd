"""Fonts of every run of a python-docx document, for Thai.

Word picks a run's font by the script of each character: Thai is a *complex script*, so Thai text is
drawn with ``w:rFonts/@w:cs`` at ``w:szCs``, bold by ``w:bCs``. python-docx's ``run.font.name`` and
``run.font.size`` only set the Latin slots (``w:ascii``/``w:hAnsi`` and ``w:sz``), so a document made
with them alone shows Thai in Word's fallback font (often Tahoma or Cordia New) at 11 pt. Here every run
gets all four ``rFonts`` slots, both sizes, ``bCs`` with ``b``, and ``w:lang/@w:bidi = th-TH``; the
document defaults and the styles get the same, and a last pass (``enforce_fonts``) checks every run in
the body, tables, headers and footers, including runs python-docx made itself (pictures, fields).
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THAI_LANG = "th-TH"
# Children of w:rPr in the order the schema (ECMA-376 CT_RPr) requires.
RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _child(rpr, tag: str):
    """The ``tag`` child of an ``rPr``, created in schema order when missing (Word rejects a document
    whose run properties are out of order)."""
    found = rpr.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    rpr.insert_element_before(element, *RPR_ORDER[RPR_ORDER.index(tag) + 1 :])
    return element


def set_rpr_fonts(rpr, font: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Fonts, sizes, bold and language on an ``rPr`` (a run's, a style's or the document defaults')."""
    fonts = _child(rpr, "w:rFonts")
    for attr in list(fonts.attrib):  # theme fonts (w:asciiTheme ...) override explicit names: drop them
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), font)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = _child(rpr, tag)
            if not bold:
                el.set(qn("w:val"), "0")
            elif qn("w:val") in el.attrib:
                del el.attrib[qn("w:val")]
    if size_pt is not None:
        half_points = str(int(round(size_pt * 2)))
        for tag in ("w:sz", "w:szCs"):
            _child(rpr, tag).set(qn("w:val"), half_points)
    _child(rpr, "w:lang").set(qn("w:bidi"), THAI_LANG)


def style_run(run, font: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    set_rpr_fonts(run._r.get_or_add_rPr(), font, size_pt, bold)


def runs_of(document: DocxDocument) -> Iterable:
    """Every ``w:r`` element: body (tables included, at any depth), headers and footers."""
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part is not None and not part.is_linked_to_previous:
                parts.append(part._element)
    for part in parts:
        yield from part.iter(qn("w:r"))


def enforce_fonts(document: DocxDocument, font: str) -> None:
    """Give every run the font on all four slots (keeping its size and bold). The safety net after
    building: a run added by python-docx itself (a picture, a field) gets the Thai settings too."""
    for r in runs_of(document):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None or any(fonts.get(qn(s)) != font for s in FONT_SLOTS):
            set_rpr_fonts(rpr, font)
        size = rpr.find(qn("w:sz"))
        if size is not None:
            _child(rpr, "w:szCs").set(qn("w:val"), size.get(qn("w:val")))
        if rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is None:
            bcs = _child(rpr, "w:bCs")
            val = rpr.find(qn("w:b")).get(qn("w:val"))
            if val is not None:
                bcs.set(qn("w:val"), val)
