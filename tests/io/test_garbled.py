"""Thai text garbled by reading UTF-8 as Windows-874 and saving it (Thai Excel opening a UTF-8 export): read back
when every character still stands for its byte, said with what to do when some were lost. Both were 'No ITA scores
were found in this file', with no hint of why."""

from __future__ import annotations

from helpers import INDICATOR_HEADERS, SEED_SCORES, problems_of, xlsx_bytes

from ita.io.garbled import looks_garbled, read_back
from ita.io.importer import load_files

HEADER = ["ชื่อหน่วยงาน", "ปีงบประมาณ", *INDICATOR_HEADERS]
ROW = ["เทศบาลตำบลพอกน้อย", "2566", *(f"{s:.2f}" for s in SEED_SCORES)]


def garbled(text: str) -> str:
    """``text``'s UTF-8 bytes as Windows-874 shows them (a byte it has no character for kept as itself)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp874"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


def test_real_thai_is_not_taken_for_garbled():
    assert not looks_garbled("เธอเน้นว่า เทศบาลตำบลพอกน้อย อำเภอพรรณานิคม เนื้อหา เธอ")
    assert looks_garbled(garbled("เทศบาลตำบลพอกน้อย")) and read_back(garbled("ตัวชี้วัดที่ 1")) == "ตัวชี้วัดที่ 1"


def test_a_workbook_of_garbled_thai_is_read_back():
    rows = [[garbled(c) if isinstance(c, str) else c for c in HEADER], [garbled(ROW[0]), 2566, *SEED_SCORES]]
    result = load_files([("ita.xlsx", xlsx_bytes({"ITA": rows}))])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and not result.has_errors
    assert len(problems_of(result, "thai_garbled_read_back")) == 1


def test_a_csv_whose_lost_bytes_were_saved_as_question_marks_is_said_to_be_garbled():
    text = "\n".join(",".join(r) for r in (HEADER, ROW)) + "\n"
    lost = bytes(b if not 0x80 <= b <= 0xA0 else ord("?") for b in text.encode("utf-8"))
    result = load_files([("ita.csv", lost)])
    (said,) = problems_of(result, "thai_garbled")["message_en"].tolist()
    assert "choose UTF-8" in said and problems_of(result, "no_scores_in_file").empty
