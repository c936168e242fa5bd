"""Fixtures for the report tests: the seed municipality's result and its three measures, built by code.

The measures are the three of the seed O42 (ITA-DOMAIN.md section 5), for fiscal year 2564, with the
follow-ups a 6-month report would show: the first done (100 %, with evidence), the second in progress
(60 %), the third never reported (the store's blank follow-up: version 0, not started).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

from docx import Document
from docx.oxml.ns import qn

from helpers import SAMPLES
from ita.measures.model import FollowUp, Measure, MeasureWithFollowUps
from ita.reports.typeset import plain

PHOK_NOI = "เทศบาลตำบลพอกน้อย"
MEASURE_TITLES = (
    "มาตรการตรวจสอบการใช้ดุลพินิจ",
    "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
    "ประกาศเจตจำนงการบริหารงานด้วยความซื่อสัตย์สุจริตอย่างมีคุณธรรมและโปร่งใส",
)
EVIDENCE = "https://www.phoknoi.go.th/news/1234"


def seed_result():
    from ita.analysis.agency import agency_year
    from ita.io.importer import load_paths

    return agency_year(load_paths([SAMPLES / "phok-noi-2563.xlsx"]).valid, PHOK_NOI, 2563)


def seed_measures(year: int = 2564) -> list[Measure]:
    common = dict(agency_key=PHOK_NOI, agency=PHOK_NOI, year=year, responsible="สำนักปลัดเทศบาล")
    return [
        Measure(
            title=MEASURE_TITLES[0],
            indicators=(3,),
            id=1,
            version=1,
            guideline="- จัดทำมาตรการตรวจสอบการใช้ดุลพินิจ\n- จัดทำคู่มือการปฏิบัติงาน",
            steps="1. จัดทำมาตรการ\n2. ผู้บริหารประกาศหลักเกณฑ์\n3. เผยแพร่บนเว็บไซต์หลักของหน่วยงาน",
            monitoring="รายงานผลการดำเนินงานตามมาตรการ\n- รอบ 6 เดือน\n- รอบ 12 เดือน",
            **common,
        ),
        Measure(
            title=MEASURE_TITLES[1],
            indicators=(7, 9),
            id=2,
            version=1,
            guideline="จัดให้มีช่องทางบริการข้อมูลข่าวสารตามมาตรา ๙ ของพระราชบัญญัติข้อมูลข่าวสารของราชการ",
            steps="1. เผยแพร่ข้อมูลบนเว็บไซต์หลักของหน่วยงาน\n2. ติดตามให้ข้อมูลเป็นปัจจุบัน",
            **common,
        ),
        Measure(
            title=MEASURE_TITLES[2],
            indicators=(10,),
            id=3,
            version=1,
            guideline="ผู้บริหารแสดงเจตจำนงว่าจะปฏิบัติงานด้วยความซื่อสัตย์สุจริต",
            steps="ผู้บริหารประกาศเจตจำนง ประจำปี พ.ศ. 2564",
            **common,
        ),
    ]


def seed_items() -> list[MeasureWithFollowUps]:
    m1, m2, m3 = seed_measures()
    return [
        MeasureWithFollowUps(
            m1,
            {
                6: FollowUp(
                    1, 6, "done", 100, "ประกาศมาตรการแล้ว", EVIDENCE, dt.date(2021, 3, 31), "นางสาวยุวดี อุเทนสุต", version=1
                ),
                12: FollowUp(1, 12),
            },
        ),
        MeasureWithFollowUps(
            m2,
            {
                6: FollowUp(2, 6, "in_progress", 60, "ปรับปรุงเว็บไซต์", version=2),
                12: FollowUp(2, 12, "cannot", 0, "", "", reason="งบประมาณไม่เพียงพอ", version=1),
            },
        ),
        MeasureWithFollowUps(m3, {6: FollowUp(3, 6), 12: FollowUp(3, 12)}),
    ]


def png_1x1(*_args) -> bytes:
    """A stand-in chart exporter: a valid 1×1 PNG, so unit tests need no browser."""
    import base64

    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    )


def no_browser(*_args) -> bytes:
    raise RuntimeError("Kaleido requires Google Chrome to be installed (simulated: no browser)")


# ----------------------------------------------------------------------------- reading a .docx back


def open_docx(content: bytes):
    """The document with its text as written: the typesetting marks (word joiners, no-break and zero-width
    spaces, ``ita.reports.typeset``) taken out of every run, so tests read plain Thai."""
    doc = Document(io.BytesIO(content))
    for node in doc.element.body.iter(qn("w:t")):
        if node.text:
            node.text = plain(node.text)
    return doc


def body_paragraphs(doc) -> list[tuple[str, str]]:
    """(style name, text) of the top-level paragraphs, in order."""
    return [(p.style.name, p.text) for p in doc.paragraphs]


def all_text(doc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in doc.element.body.iter(qn("w:p")))


def table_with_header(doc, first: str):
    for table in doc.tables:
        if table.rows and table.rows[0].cells[0].text.strip() == first:
            return table
    raise AssertionError(f"no table starting with {first!r}")


def section(doc, starts: str, until_style: str = "Heading") -> list[str]:
    """Texts of the paragraphs after the heading that starts with ``starts`` up to the next heading."""
    out, inside = [], False
    for style, text in body_paragraphs(doc):
        if style.startswith(until_style):
            if inside:
                break
            inside = starts in text
            continue
        if inside and text.strip():
            out.append(text)
    return out


def every_run(doc) -> Iterator:
    parts = [doc.element.body]
    for s in doc.sections:
        for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    for part in parts:
        yield from part.iter(qn("w:r"))


def thai_runs_without_cs_font(doc, font: str) -> list[str]:
    """Every run holding Thai text whose complex-script font, any other font slot, or complex-script size
    is missing or wrong. Checked on the XML, independently of the code that wrote it."""
    bad = []
    for r in every_run(doc):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        if not any("\u0e00" <= ch <= "\u0e7f" for ch in text):
            continue
        rpr = r.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        slots = {
            s: fonts.get(qn(f"w:{s}")) if fonts is not None else None for s in ("cs", "ascii", "hAnsi", "eastAsia")
        }
        sz = rpr.find(qn("w:sz")) if rpr is not None else None
        szcs = rpr.find(qn("w:szCs")) if rpr is not None else None
        b, bcs = (rpr.find(qn("w:b")), rpr.find(qn("w:bCs"))) if rpr is not None else (None, None)
        if (
            any(v != font for v in slots.values())
            or szcs is None
            or (sz is not None and sz.get(qn("w:val")) != szcs.get(qn("w:val")))
            or (b is not None and bcs is None)
        ):
            bad.append(text[:40])
    return bad
