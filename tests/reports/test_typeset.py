"""Thai typesetting (issue 10, point 6): no line break inside a phrase unit, URLs broken only at separators, and the
text read back unchanged."""

from __future__ import annotations

import pytest
from helpers.reports import open_docx, png_1x1, seed_measures, seed_result

from ita.measures.model import MeasureWithFollowUps
from ita.reports.o42 import render_o42
from ita.reports.templates import load_templates
from ita.reports.typeset import NO_BREAK_SPACE, WORD_JOINER, ZERO_WIDTH_SPACE, keep_together, plain

STYLE = load_templates().style()


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("จำนวน 9 ตัวชี้วัด", f"จำนวน 9 ตัว{WORD_JOINER}ชี้{WORD_JOINER}วัด"),  # no mark by a figure's unit
        ("ได้ 80.00 คะแนน (ถึงวันที่ 30)", "ได้ 80.00 คะแนน (ถึงวันที่ 30)"),  # nor round a parenthesis
        ("(พ.ศ. 2561 – 2580)", f"({WORD_JOINER.join('พ.ศ.')} 2561{NO_BREAK_SPACE}–{NO_BREAK_SPACE}2580)"),
        ("คะแนน (0–100)", f"คะแนน (0{WORD_JOINER}–{WORD_JOINER}100)"),
        ("ความคืบหน้า 60%", f"ความ{WORD_JOINER}คืบ{WORD_JOINER}หน้า 60%"),  # "%" takes no space
        ("ไม่มีอะไรต้องทำ", "ไม่มีอะไรต้องทำ"),
    ],
)
def test_phrase_units_hold_together_and_read_back_as_written(text, kept):
    out = keep_together(text, STYLE.keep_words)
    assert out == kept and plain(out) == text


def test_a_url_breaks_only_after_its_separators():
    url = "https://www.phoknoi.go.th/news/detail/1234?id=56&lang=th"
    out = keep_together(f"หลักฐาน {url} (ตรวจแล้ว)", STYLE.keep_words)
    kept = out.split(" ")[1]
    pieces = kept.split(ZERO_WIDTH_SPACE)
    assert pieces[:2] == ["https://", "www."] and all(p[-1] in "/.?&=_-#" for p in pieces[:-1])
    assert WORD_JOINER not in kept and NO_BREAK_SPACE not in kept  # prose rules never touch a URL
    assert plain(out) == f"หลักฐาน {url} (ตรวจแล้ว)"


def test_the_rendered_o42_carries_the_marks_in_every_run():
    result = seed_result()
    items = [MeasureWithFollowUps(m) for m in seed_measures()]
    content = render_o42(result, items, exporter=png_1x1).content
    import io

    from docx import Document

    raw = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert f"ตัว{WORD_JOINER}ชี้{WORD_JOINER}วัด" in raw and "ตัวชี้วัด" not in raw  # no run escapes the typesetting
    assert "80.00 คะแนน" in raw and NO_BREAK_SPACE + "คะแนน" not in raw
    assert "ตัวชี้วัด" in "\n".join(p.text for p in open_docx(content).paragraphs)


def test_a_web_address_is_a_link_to_it_as_typed_and_no_other_address_is():
    """Found by a reviewer: the evidence column ("หลักฐาน (ลิงก์)") printed an address a reader could only copy, and a
    copy carried the marks that break it at its separators. An http(s) address is a link now, to the address as typed
    (the punctuation after it left out); a ``javascript:`` one stays text."""
    import io

    from docx import Document

    from ita.reports.docx_thai import ThaiDocument

    doc = ThaiDocument(STYLE)
    url = "https://www.phoknoi.go.th/o43?id=1&x=2"
    doc.paragraphs(f"หลักฐาน ({url}). และ javascript:alert(1) กับ http://a.go.th/ข่าว")
    doc.paragraphs("ดู HTTPS://A.GO.TH/X และ (https://a.go.th/wiki/ITA_(Thailand)).")  # any case; its own bracket
    part = Document(io.BytesIO(doc.to_bytes())).part
    targets = sorted(r.target_ref for r in part.rels.values() if r.reltype.endswith("/hyperlink"))
    assert targets == sorted(["HTTPS://A.GO.TH/X", "http://a.go.th/ข่าว", url, "https://a.go.th/wiki/ITA_(Thailand)"])
    links = part.element.body.findall(".//" + "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink")
    assert [plain("".join(t.text for t in link.iter() if t.tag.endswith("}t"))) for link in links] == [
        url,
        "http://a.go.th/ข่าว",
        "HTTPS://A.GO.TH/X",
        "https://a.go.th/wiki/ITA_(Thailand)",
    ]
