"""CSV text as a person meant it: the delimiter found in bounded time on any input, UTF-16 without a
byte-order mark, and a file that mixes UTF-8 and Windows-874 lines named with its line numbers."""

from __future__ import annotations

import random
import time

import pytest
from helpers import CORPUS_FILES, INDICATOR_HEADERS, SEED_SCORES, problems_of, xlsx_bytes

from ita.io.csvtext import csv_dialect, decode_text, utf16_without_bom
from ita.io.importer import load_files, load_paths
from ita.io.sniffing import sniff

CORPUS = CORPUS_FILES
ROW = ",".join(f"{s:.2f}" for s in SEED_SCORES)
HEAD = "ชื่อหน่วยงาน,ปีงบประมาณ," + ",".join(INDICATOR_HEADERS)
NAMES = ["เทศบาลตำบลพอกน้อย", "เทศบาลตำบลไร่", "องค์การบริหารส่วนตำบลนาหัวบ่อ", "เทศบาลเมืองพังโคน"]


def wide_csv(names=NAMES, sep=",") -> str:
    lines = [HEAD, *(",".join([n, "2563", ROW]) for n in names)]
    return "\r\n".join(line.replace(",", sep) for line in lines) + "\r\n"


# --------------------------------------------------------------------------- the delimiter


@pytest.mark.parametrize(
    "text,delimiter,space",
    [
        (wide_csv(), ",", False),
        (wide_csv(sep="\t"), "\t", False),
        (wide_csv(sep="|"), "|", False),
        # European Excel: semicolons, decimal commas; the header has no comma, so ',' splits inconsistently
        ("หน่วยงาน;ปี;คะแนน\nก;2563;85,12\nข;2563;86,40\n", ";", False),
        ('name,note\n"a, b","x; y"\n"c, d","z; w"\n', ",", False),  # delimiters inside quotes do not count
        ("a, b, c\n1, 2, 3\n4, 5, 6\n", ",", True),
        ("one column\nvalue\nvalue\n", ",", False),  # nothing splits: a comma, one field
        ("", ",", False),
    ],
)
def test_delimiter_is_the_one_that_splits_records_evenly(text, delimiter, space):
    found = csv_dialect(text)
    assert (found.delimiter, found.skipinitialspace) == (delimiter, space)


# What kept csv.Sniffer busy (measured on this machine: 64 KB of ',"a' took 14.4 s, the corpus file
# csv_slow_sniffer.csv 4.0 s): its regular expressions backtrack from every quote that no quote-delimiter
# pair closes. Each must take the bounded detector well under a second, whatever the size.
CRAFTED = {
    "comma-quote": ',"a' * 22_000,
    "quotes only": '"' * 65_536,
    "quote, comma, newline": '"a,\n' * 16_384,
    "every delimiter": ",;\t|" * 16_384,
    "doubled quotes in one field": '"' + ',""x' * 16_000 + '"',
    "50 MB of comma-quote": ',"a' * 17_000_000,
}


@pytest.mark.parametrize("text", CRAFTED.values(), ids=CRAFTED.keys())
def test_delimiter_detection_is_bounded_on_crafted_input(text):
    # This process's CPU time, not the wall clock: the bound holds however busy the machine is.
    started = time.process_time()
    csv_dialect(text, complete=False)
    assert time.process_time() - started < 0.5


def test_the_slow_sniffer_file_loads_quickly_and_in_full():
    """csv.Sniffer alone spent 4 s of CPU on its first 64 KB; the detector reading it is bounded (the test above, in
    CPU time: a wall-clock bound here failed on a busy machine)."""
    started = time.process_time()
    csv_dialect((CORPUS / "csv_slow_sniffer.csv").read_bytes()[:65_536].decode("utf-8", "replace"), complete=False)
    assert time.process_time() - started < 0.5
    result = load_paths([CORPUS / "csv_slow_sniffer.csv"])
    assert list(result.valid["source_row"]) == list(range(2, 14))
    assert not (result.problems["severity"] == "error").any()
    assert result.valid["extra"].iat[0]["หมายเหตุ"].startswith("ดูเอกสารแนบ ")


# --------------------------------------------------------------------------- UTF-16 without a byte-order mark


@pytest.mark.parametrize("codec,order", [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_without_bom_is_read_and_named(codec, order):
    data = wide_csv().encode(codec)
    assert sniff(data) == "csv"  # zero bytes do not make it "binary"
    assert utf16_without_bom(data) == codec
    result = load_files([("ita.csv", data)])
    assert list(result.valid["agency"]) == NAMES
    note = problems_of(result, "csv_utf16_no_bom")
    assert len(note) == 1 and f"UTF-16 ({order})" in note["message_en"].iat[0]
    assert not (result.problems["severity"] == "error").any()


@pytest.mark.parametrize(
    "data",
    [
        wide_csv().encode("utf-8"),
        wide_csv().encode("cp874"),
        random.Random(8).randbytes(4096),
        b"\x00" * 4096,
        b"PK\x03\x04" + bytes(200),
    ],
    ids=["utf-8", "cp874", "random", "zeros", "zip-like"],
)
def test_other_bytes_are_not_taken_for_utf16(data):
    assert utf16_without_bom(data) is None


def test_random_bytes_stay_binary():
    assert sniff(random.Random(2563).randbytes(4096)) == "binary"


# --------------------------------------------------------------------------- mixed encodings


def test_mixed_utf8_and_windows_874_lines_are_each_read_and_named():
    result = load_paths([CORPUS / "csv_mixed_encodings.csv"])
    assert list(result.valid["source_row"]) == [2, 3, 4, 5, 6, 7]
    assert all("\ufffd" not in name and name.startswith(("เทศบาล", "องค์การ")) for name in result.valid["agency"])
    mixed = problems_of(result, "csv_mixed_encodings")
    assert len(mixed) == 1 and mixed["severity"].iat[0] == "warning"
    assert "lines 4, 6" in mixed["message_en"].iat[0] and "UTF-8" in mixed["message_en"].iat[0]


def test_many_mixed_lines_are_listed_briefly():
    lines = [HEAD.encode()] + [f"{NAMES[k % 4]},2563,{ROW}".encode("cp874" if k % 2 else "utf-8") for k in range(60)]
    decoded = decode_text(b"\n".join(lines))
    assert decoded.other_lines == tuple(range(3, 62, 2))
    result = load_files([("ita_2563.csv", b"\n".join(lines))])
    message = problems_of(result, "csv_mixed_encodings")["message_en"].iat[0]
    assert "3, 5, 7" in message and "(30)" in message
    assert sorted(set(result.valid["agency"])) == sorted(NAMES)  # repeats of the same row merge, as always


def test_utf8_with_a_stray_byte_is_not_mixed():
    decoded = decode_text((CORPUS / "undecodable_bytes.csv").read_bytes())
    assert (decoded.encoding, decoded.other_lines, decoded.bad) == ("UTF-8", (), 2)


def test_windows_874_that_looks_like_utf8_in_places_stays_windows_874():
    """'เนติ' in Windows-874 is E0 B9 B5 B4: its first three bytes are a valid UTF-8 Thai letter."""
    text = wide_csv(["สำนักงานเนติบัณฑิต", *NAMES[1:]])
    decoded = decode_text(text.encode("cp874"))
    assert (decoded.text, decoded.encoding, decoded.other_lines) == (text, "Windows-874 (TIS-620)", ())


def test_a_large_csv_named_xlsx_is_read_even_when_the_sample_cuts_a_thai_letter():
    names = [f"เทศบาลตำบลทดสอบที่ {k}" for k in range(1200)]  # over 64 KB of UTF-8
    result = load_files([("ita.xlsx", wide_csv(names).encode())])
    assert len(result.valid) == 1200
    assert "unknown_format" not in set(result.problems["code"])


def test_a_csvs_year_from_its_name_is_said_to_come_from_the_file_name():
    text = "ชื่อหน่วยงาน," + ",".join(INDICATOR_HEADERS) + "\nก," + ",".join(map(str, SEED_SCORES)) + "\n"
    result = load_files([("ผล ITA 2563.csv", text.encode("utf-8"))])
    assert result.valid["year"].tolist() == [2563]
    said = problems_of(result, "year_from")["message_en"].iloc[0]
    assert "file name" in said and "sheet" not in said


# --------------------------------------------------------------------------- fields that moved


def test_a_line_split_by_an_unquoted_decimal_comma_is_an_error_at_its_row_not_scores_moved_along():
    moved = ROW.replace(f"{SEED_SCORES[1]:.2f}", f"{SEED_SCORES[1]:.2f}".replace(".", ","), 1)
    text = "\r\n".join([HEAD, f"{NAMES[0]},2563,{ROW}", f"{NAMES[1]},2563,{moved}", f"{NAMES[2]},2563,{ROW}"])
    result = load_files([("moved.csv", text.encode())])
    assert sorted(result.valid["agency"]) == sorted([NAMES[0], NAMES[2]])  # never NAMES[1] with i3 = 93 (i2's decimals)
    said = problems_of(result, "csv_fields_moved")
    assert said[["row", "column", "severity"]].values.tolist() == [[3, "M", "error"]]
    assert "82,59" in said["message_th"].iloc[0] and "13" in said["message_en"].iloc[0]


def test_a_column_every_line_has_beyond_the_header_is_a_missing_name_not_moved_fields():
    text = "\n".join([HEAD, *(f"{n},2563,{ROW},80.00" for n in NAMES)])
    result = load_files([("unnamed.csv", text.encode())])
    assert len(result.valid) == len(NAMES) and problems_of(result, "csv_fields_moved").empty


def test_a_number_in_a_column_without_a_name_is_a_note_when_the_row_adds_up():
    """Whole-number scores and a note '2565' after the total: the fields did not move (the row adds up to its total)."""
    scores = [80, 81, 82, 83, 84, 85, 86, 87, 88, 89]
    line = ",".join(str(s) for s in scores)
    text = "\n".join([HEAD + ",คะแนนรวม", f"{NAMES[0]},2563,{line},85.8", f"{NAMES[1]},2563,{line},85.8,2565"])
    result = load_files([("notes.csv", text.encode())])
    assert len(result.valid) == 2 and problems_of(result, "csv_fields_moved").empty


def test_a_download_that_stopped_part_way_is_said_as_cut_off():
    """The last line ends without a line ending, inside a row shorter than the header ('…,84.8,8'): the file was
    downloaded or copied only in part. Before, only 'Indicator 6 has no score … Enter the score' was said."""
    header = "ชื่อหน่วยงาน," + ",".join(INDICATOR_HEADERS)
    whole = ",".join(f"{s:.2f}" for s in SEED_SCORES)
    text = f"{header}\nเทศบาลตำบลพอกน้อย,{whole}\nเทศบาลตำบลนาหัวบ่อ,{whole[:20]}"
    result = load_files([("cut-2566.csv", text.encode("utf-8"))])
    (said,) = problems_of(result, "csv_cut_off").to_dict("records")
    assert said["row"] == 3 and "row 3" in said["message_en"] and "of the header's 11 cells" in said["message_en"]
    assert len(result.valid) == 1  # the whole row is read; the cut one is not
    assert problems_of(load_files([("whole.csv", (text + "\n").encode("utf-8"))]), "csv_cut_off").empty
    assert problems_of(load_files([("ok.csv", f"{header}\nก,{whole}".encode())]), "csv_cut_off").empty


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_lines_ended_by_cr_alone_are_lines(ending):
    """Excel for Mac's "CSV (Macintosh)" ends lines with CR alone: it was refused as damaged, with Python's csv
    error ('new-line character seen in unquoted field')."""
    lines = [
        "ชื่อหน่วยงาน," + ",".join(INDICATOR_HEADERS),
        "เทศบาลตำบลพอกน้อย," + ",".join(f"{s:.2f}" for s in SEED_SCORES),
    ]
    result = load_files([("ita-2563.csv", (ending.join(lines) + ending).encode("utf-8"))])
    assert len(result.valid) == 1 and not result.has_errors, result.problems["message_en"].tolist()


def test_an_unquoted_comma_inside_a_name_says_so_at_its_row():
    """'องค์การบริหารส่วนตำบลไร่, อำเภอพรรณานิคม' unquoted: every field after it moved one column on, and the row said only
    '"สกลนคร" is not a number'. It now says which text holds the comma, and what to do; other rows are read."""
    header = ",".join(["ลำดับ", "ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS])
    scores = ",".join(map(str, SEED_SCORES))
    text = f"{header}\n1,เทศบาลตำบลพอกน้อย,สกลนคร,{scores}\n2,องค์การบริหารส่วนตำบลไร่, อำเภอพรรณานิคม,สกลนคร,{scores}\n"
    result = load_files([("ita-2567.csv", text.encode("utf-8"))])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"]
    errors = result.problems.loc[result.problems["severity"] == "error"]
    assert errors["code"].tolist() == ["csv_text_comma"] and errors["row"].tolist() == [3]
    assert '"องค์การบริหารส่วนตำบลไร่, อำเภอพรรณานิคม" holds a comma' in errors["message_en"].iloc[0]
    # Whole-number scores (which look like a decimal comma's halves) say the same; a row of the header's length with a
    # footnoted score is read, with its warning (a review: it was refused as "a text holding a comma").
    whole = ",".join(["90"] * 10)
    text = f"{header}\n2,องค์การบริหารส่วนตำบลไร่, อำเภอพรรณานิคม,สกลนคร,{whole}\n3,เทศบาลตำบลข,สกลนคร,85*,{whole[3:]}\n"
    result = load_files([("ita-2567.csv", text.encode("utf-8"))])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลข"]
    errors = result.problems.loc[result.problems["severity"] == "error"]
    assert errors["code"].tolist() == ["csv_text_comma"] and "number_with_mark" in set(result.problems["code"])


def test_a_sheet_of_more_rows_than_the_limit_is_refused_with_the_limit_named(monkeypatch):
    """260,000 rows of 11 cells passed the cell limit and held the import for 35 s and 930 MB."""
    from ita.io.reading import Limits

    header = "ชื่อหน่วยงาน," + ",".join(f"ตัวชี้วัดที่ {k}" for k in range(1, 11))
    body = "\n".join(f"อบต.ทดสอบ{k}," + ",".join(["80"] * 10) for k in range(30))
    data = f"{header}\n{body}\n".encode()
    result = load_files([("ita-2567.csv", data)], limits=Limits(max_rows=20))
    (problem,) = result.problems.loc[result.problems["code"] == "too_many_rows"].to_dict("records")
    assert "31" in problem["message_en"] and "ITA_MAX_ROWS" in problem["message_en"] and result.table.empty
    assert len(load_files([("ita-2567.csv", data)], limits=Limits(max_rows=40)).valid) == 30
    rows = [line.split(",") for line in f"{header}\n{body}".splitlines()]
    book = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))], limits=Limits(max_rows=20))
    assert problems_of(book, "too_many_rows")["sheet"].tolist() == ["ITA 2567"] and book.table.empty


def test_a_csv_in_utf_32_with_its_mark_is_read():
    """UTF-32's byte-order mark starts as UTF-16's does: the file was read as UTF-16, every other character a
    NUL, and refused as cut short with no scores."""
    text = "ชื่อหน่วยงาน," + ",".join(INDICATOR_HEADERS) + "\nเทศบาลตำบลพอกน้อย," + ",".join(map(str, SEED_SCORES)) + "\n"
    data = text.encode("utf-32")  # little-endian, with its mark, as Windows writes it
    result = load_files([("ita-2563.csv", data)])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"] and result.valid["i1"].tolist() == [SEED_SCORES[0]]


def test_a_cell_too_long_without_a_quote_is_said_as_such_not_as_a_quote_never_closed():
    header = "ชื่อหน่วยงาน," + ",".join(INDICATOR_HEADERS)
    good = "เทศบาลตำบลพอกน้อย," + ",".join(map(str, SEED_SCORES))
    data = f"{header}\n{good}\n{'ก' * 200_000},1\n".encode()
    result = load_files([("ita-2563.csv", data)])
    assert result.valid["agency"].tolist() == ["เทศบาลตำบลพอกน้อย"]  # the rows before it are kept
    (said,) = problems_of(result, "csv_cell_too_long")[["row", "message_en"]].itertuples(index=False)
    assert said.row == 3 and "longer than 131,072 characters" in said.message_en
    assert problems_of(result, "csv_unclosed_quote").empty
