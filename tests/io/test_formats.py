"""The size checks made before calamine sees a file (ita/io/formats.py and the checks in ita/io/reading.py).

The readers must agree with calamine on what it would lay out (checked against calamine itself on files
that are safe to open), refuse every damaged container without looping, and the budget of a file must
hold for every format. Files are built by hand in tests/corpus/build_corpus.py; none here is opened by
calamine unless it is small.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile

import pytest
import python_calamine
from helpers import CORPUS_DIR

from ita.common.problems import Problems
from ita.io import formats, xlsb
from ita.io.extents import xlsx_part_bound
from ita.io.formats import Damaged
from ita.io.reading import Limits, open_book, read_sheet
from ita.io.sniffing import sniff, zip_kind

sys.path.insert(0, str(CORPUS_DIR))
import build_corpus as corpus  # noqa: E402  (the corpus builders live beside the corpus)

GOOD = [corpus.HEADER, *corpus.agency_rows(3)]
SHEET = corpus.SHEET


def rk(row: int, first: int, values: list[int]) -> bytes:
    """A MULRK record: integers in a run of columns from ``first``."""
    cells = b"".join(struct.pack("<HI", 0, v << 2 | 2) for v in values)
    return corpus.biff(0x00BD, struct.pack("<HH", row, first) + cells + struct.pack("<H", first + len(values) - 1))


def sheet_with(records: bytes) -> bytes:
    """A worksheet substream: BOF, the given records, EOF."""
    return corpus._bof(0x0010) + records + corpus.biff(0x000A)


def calamine_end(data: bytes, sheet: str) -> tuple[int, int]:
    """The last row and column (1-based) calamine lays out for a sheet of a small, safe file."""
    found = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).end
    return found[0] + 1, found[1] + 1


# --------------------------------------------------------------------------- .xls: what calamine builds


@pytest.mark.parametrize(
    "records, last",
    [
        (corpus.biff_cell(0, 0, "ชื่อ"), (1, 1)),
        (corpus.biff_cell(0, 0, 1) + corpus.biff_cell(40, 30, 2), (41, 31)),
        (corpus.biff_cell(9, 3, 1), (10, 4)),  # one cell, far from A1: counted from A1
        (rk(4, 2, [10, 20, 30, 40]), (5, 6)),  # MULRK: the whole run
        (corpus.biff_cell(0, 0, 1) + rk(7, 1, [5, 6]), (8, 3)),
    ],
    ids=["one label", "two cells", "one far cell", "mulrk run", "cell and run"],
)
def test_the_xls_extent_is_what_calamine_lays_out(records, last):
    data = corpus.xls([(SHEET, sheet_with(records))])
    sheet = formats.xls_plan(data).sheets[0]
    assert (sheet.extent.rows[1], sheet.extent.cols[1]) == last == calamine_end(data, SHEET)


@pytest.mark.parametrize(
    "dimension, reserved",
    [
        ((0, 10, 0, 5), (10, 5)),
        ((0, 0, 0, 5), (1, 1)),  # no last row: calamine reserves one cell
        ((0, 10, 300, 5), (10, 5)),  # a first column past 255 is read as 0
        ((5, 1, 0, 3), ((1 - 5) % 2**32, 3)),  # first row after the last: calamine's u32 wraps around
        ((0, 2**31, 0, 255), (2**31, 255)),
    ],
)
def test_dimensions_reserve_what_calamine_reserves(dimension, reserved):
    body = struct.pack("<IIHHH", *dimension, 0)
    data = corpus.xls([(SHEET, sheet_with(corpus.biff(0x0200, body)))])
    assert formats.xls_plan(data).sheets[0].declared == reserved


def test_a_far_cell_in_a_nested_substream_still_counts():
    """calamine versions differ on embedded charts; the scan counts their records too."""
    chart = corpus._bof(0x0020) + corpus.biff_cell(900, 9, 1) + corpus.biff(0x000A)
    data = corpus.xls([(SHEET, sheet_with(corpus.biff_cell(0, 0, 1) + chart + corpus.biff_cell(1, 1, 2)))])
    assert formats.xls_plan(data).sheets[0].extent.rows[1] == 901


def test_sheet_names_come_from_boundsheet_records():
    data = corpus.xls([(SHEET, corpus.biff_sheet(GOOD)), ("หมายเหตุ", corpus.biff_sheet([["x"]]))])
    assert [s.name for s in formats.xls_plan(data).sheets] == [SHEET, "หมายเหตุ"]


# --------------------------------------------------------------------------- .xls: damaged containers


def _good_xls() -> bytearray:
    return bytearray(corpus.xls([(SHEET, corpus.biff_sheet(GOOD))]))


def _fat_sector(data: bytearray) -> int:
    return struct.unpack_from("<I", data, 76)[0]


def _set_fat(data: bytearray, sector: int, value: int) -> None:
    struct.pack_into("<I", data, (_fat_sector(data) + 1) * 512 + 4 * sector, value)


def directory_loops(data: bytearray) -> None:
    start = struct.unpack_from("<I", data, 48)[0]
    _set_fat(data, start, start)


def workbook_chain_loops(data: bytearray) -> None:
    _set_fat(data, 3, 0)  # the 4,096-byte Workbook stream fills sectors 0-7; sector 3 leads back to 0


def chain_leaves_the_table(data: bytearray) -> None:
    _set_fat(data, 2, 1_000_000)


def difat_loops(data: bytearray) -> None:
    """The header's DIFAT chain starts at a sector whose last entry names itself."""
    sector = 1
    struct.pack_into("<I", data, 68, sector)
    struct.pack_into("<I", data, (sector + 1) * 512 + 508, sector)


def bad_sector_shift(data: bytearray) -> None:
    struct.pack_into("<H", data, 30, 7)


def huge_fat_count(data: bytearray) -> None:
    struct.pack_into("<I", data, 44, 0x7FFFFFFF)  # calamine would reserve 8 GB for the table


def huge_difat_reserve(data: bytearray) -> None:
    struct.pack_into("<I", data, 62, 0xFFFF0000)  # the header bytes calamine reads as the DIFAT size


def truncated(data: bytearray) -> None:
    del data[2048:]


def sheet_past_the_stream(data: bytearray) -> None:
    at = data.index(b"\x85\x00")  # the BOUNDSHEET record: its first field is the sheet's position
    struct.pack_into("<I", data, at + 4, 0x00FFFFFF)


def record_past_the_stream(data: bytearray) -> None:
    at = data.index(b"\x85\x00")
    struct.pack_into("<H", data, at + 2, 0xFFFF)


@pytest.mark.parametrize(
    "damage",
    [
        directory_loops,
        workbook_chain_loops,
        chain_leaves_the_table,
        difat_loops,
        bad_sector_shift,
        huge_fat_count,
        huge_difat_reserve,
        truncated,
        sheet_past_the_stream,
        record_past_the_stream,
    ],
)
def test_a_damaged_xls_is_refused_without_calamine(damage):
    data = _good_xls()
    damage(data)
    with pytest.raises(Damaged):
        formats.xls_plan(bytes(data))
    problems = Problems()
    assert open_book("damaged.xls", bytes(data), problems) is None
    assert [p.code for p in problems] == ["corrupt"]


def fat_listed_many_times(data: bytearray) -> None:
    """The header's DIFAT names the one FAT sector 109 times: a 6 KB file needs one."""
    struct.pack_into("<109I", data, 76, *[_fat_sector(data)] * 109)


def test_a_fat_listed_many_times_is_refused():
    data = _good_xls()
    fat_listed_many_times(data)
    with pytest.raises(Damaged, match="more allocation table sectors"):
        formats.xls_plan(bytes(data))


def test_a_stream_name_is_read_as_calamine_reads_it():
    """calamine drops a byte-order mark from a directory name: an entry named BOM + 'Workbook' placed first
    is the workbook it reads, so it must be the one checked (not a harmless 'Workbook' after it)."""
    crafted = corpus.biff_workbook([("far", corpus.biff_sheet([["x"]], far=(65535, 16383, 1)))])
    harmless = corpus.biff_workbook([(SHEET, corpus.biff_sheet(GOOD))])
    data = bytearray(corpus.cfb([("Workbooq", crafted), ("Workbook", harmless)]))
    at = data.index("Workbooq".encode("utf-16-le"))
    data[at : at + 18] = b"\xff\xfe" + "Workbook".encode("utf-16-le")
    assert [s.name for s in formats.xls_plan(bytes(data)).sheets] == ["far"]
    problems = Problems()
    book = open_book("bom.xls", bytes(data), problems)
    assert book is not None and book.sheet_names == []
    assert [(p.code, p.sheet) for p in problems] == [("too_many_cells_area", "far")]


def test_two_sheets_sharing_records_are_refused():
    """70 BOUNDSHEETs pointing at one substream would make calamine build it 70 times."""
    stream = bytearray(corpus.biff_workbook([(f"S{k}", corpus.biff_sheet(GOOD)) for k in range(3)]))
    first = struct.unpack_from("<I", stream, stream.index(b"\x85\x00") + 4)[0]
    at = 0
    for _ in range(3):
        at = stream.index(b"\x85\x00", at) + 4
        struct.pack_into("<I", stream, at, first)
    with pytest.raises(Damaged, match="share"):
        formats.xls_plan(corpus.cfb([("Workbook", bytes(stream))]))


def test_a_workbook_in_the_mini_stream_is_read_and_patched():
    """A Workbook stream under 4,096 bytes lives in the mini stream: a far sheet there is hidden too."""
    stream = corpus.biff_workbook(
        [("far", corpus.biff_sheet([["x"]], far=(65535, 16383, 1))), (SHEET, corpus.biff_sheet(GOOD[:2]))]
    )
    stream = stream[: stream.rindex(b"\x0a\x00\x00\x00") + 4]
    assert len(stream) < 4096
    data = corpus.cfb([("\x05SummaryInformation", b"s" * 200), ("Workbook", stream)])
    problems = Problems()
    book = open_book("mini.xls", data, problems)
    assert book is not None and book.sheet_names == [SHEET]
    assert [(p.code, p.sheet) for p in problems] == [("too_many_cells_area", "far")]
    assert read_sheet(book, SHEET, problems).rows[1][0] == GOOD[1][0]


def test_seventy_small_sheets_reach_calamine_as_sixty():
    """calamine builds every sheet of an .xls when it opens it: the ten past the limit are hidden from it."""
    data = corpus.xls([(f"ITA {2500 + k}", corpus.biff_sheet(GOOD)) for k in range(70)])
    problems = Problems()
    book = open_book("seventy.xls", data, problems)
    assert book is not None
    assert list(book.workbook().sheet_names) == [f"ITA {2500 + k}" for k in range(60)] == book.sheet_names
    assert [p.code for p in problems] == ["too_many_sheets"]
    # The sheets left out are named, with what to do (it said only "the first 60 were read").
    said = problems.to_frame()["message_en"].iloc[0]
    assert 'not "ITA 2560" … "ITA 2569"' in said and "second file" in said and "ITA_MAX_SHEETS" in said
    assert len(read_sheet(book, "ITA 2559", problems).rows) == 4


@pytest.mark.parametrize(
    "head, kind",
    [
        (b"\x09\x08\x10\x00\x00\x05\x10\x00", "xls"),  # BIFF5/8 BOF
        (b"\x09\x04\x06\x00\x00\x00\x10\x00", "xls"),  # BIFF4
        (b"\x09\x02\x06\x00\x00\x00\x10\x00", "xls"),  # BIFF3
        (b"\x09\x00\x04\x00\x02\x00\x10\x00", "xls"),  # BIFF2
    ],
)
def test_a_bare_biff_stream_is_recognised(head, kind):
    assert sniff(head + bytes(100)) == kind


def test_a_small_bare_biff_stream_is_named_as_an_old_format():
    problems = Problems()
    assert open_book("old.xls", corpus.biff_sheet(GOOD), problems) is None
    assert [p.code for p in problems] == ["xls_old_format"]


# --------------------------------------------------------------------------- .xlsb


@pytest.mark.parametrize("far", [None, (30, 12, 1), (500, 2, "ท้าย")])
def test_the_xlsb_extent_is_what_calamine_lays_out(far):
    data = corpus.xlsb([(SHEET, corpus.xlsb_sheet(GOOD, far=far))])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zip_kind(zf) == "xlsb"
        [(name, part)] = xlsb.xlsb_sheets(zf)
        extent = xlsb.xlsb_extent(zf, part)
    assert name == SHEET
    assert (extent.rows[1], extent.cols[1]) == calamine_end(data, SHEET)


def test_an_xlsb_named_xlsx_is_read_as_xlsb():
    data = corpus.xlsb([(SHEET, corpus.xlsb_sheet(GOOD))])
    problems = Problems()
    book = open_book("results.xlsx", data, problems)
    assert book is not None and book.kind == "xlsb" and book.sheet_names == [SHEET]
    assert [p.code for p in problems] == ["extension_mismatch"]
    assert read_sheet(book, SHEET, problems).rows == [[v for v in row] for row in GOOD]


def _rezip(data: bytes, member: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [(n, content if n == member else zf.read(n)) for n in zf.namelist()]
    return corpus.zip_bytes(parts)


@pytest.mark.parametrize(
    "member, content",
    [
        ("xl/_rels/workbook.bin.rels", b"<Relationships/>"),  # the sheet's relationship is gone
        ("xl/worksheets/sheet1.bin", corpus._xlsb_record(0x0081) + b"\x94\xff\xff\xff\x7f"),  # claims 256 MB
        ("xl/workbook.bin", corpus._xlsb_record(0x0083) + corpus._xlsb_record(0x008F)),  # list never closed
    ],
)
def test_a_damaged_xlsb_is_refused_without_calamine(member, content):
    data = _rezip(corpus.xlsb([(SHEET, corpus.xlsb_sheet(GOOD))]), member, content)
    problems = Problems()
    assert open_book("damaged.xlsb", data, problems) is None
    assert [p.code for p in problems] == ["corrupt"]


# --------------------------------------------------------------------------- one budget per file


def _ods_tables(count: int) -> bytes:
    table = (
        '<table:table table:name="T{k}"><table:table-row table:number-rows-repeated="10"><table:table-cell '
        'table:number-columns-repeated="10" office:value-type="float" office:value="1"/></table:table-row>'
        "</table:table>"
    )
    return corpus._ods("".join(table.format(k=k) for k in range(count)))


def _csv(rows: int) -> bytes:
    return "\n".join(",".join(["ก", "1", "2", "3", "4"]) for _ in range(rows)).encode()


# Each file: sheets of 100 cells (20 rows × 5 columns for the CSV).
BUDGET_FILES = {
    "xlsx": ("f.xlsx", lambda: corpus.xlsx({f"S{k}": [[1] * 10] * 10 for k in range(3)})),
    "xls": ("f.xls", lambda: corpus.xls([(f"S{k}", corpus.biff_sheet([[1] * 10] * 10)) for k in range(3)])),
    "xlsb": ("f.xlsb", lambda: corpus.xlsb([(f"S{k}", corpus.xlsb_sheet([[1] * 10] * 10)) for k in range(3)])),
    "ods": ("f.ods", lambda: _ods_tables(3)),
    "csv": ("f.csv", lambda: _csv(60)),
}


@pytest.mark.parametrize("fmt", list(BUDGET_FILES))
@pytest.mark.parametrize("budget, refused", [(299, True), (300, False)])
def test_one_cell_budget_per_file_in_every_format(fmt, budget, refused):
    """300 cells in each file (three sheets of 100; a CSV of 60 rows × 5): each sheet fits a 100-cell
    sheet limit (the CSV has its own, wider one), and the file fits a budget of 300, not one of 299."""
    name, build = BUDGET_FILES[fmt]
    limits = Limits(max_cells=100 if fmt != "csv" else 1000, max_file_cells=budget)
    problems = Problems()
    book = open_book(name, build(), problems, limits)
    codes = [p.code for p in problems if p.severity == "error"]
    if refused:
        assert book is None and codes == ["too_many_cells_file"]
        assert "300" in next(p.message_en for p in problems if p.code == "too_many_cells_file")
    else:
        assert book is not None and codes == []


def test_a_sheet_over_its_own_limit_does_not_count_against_the_file():
    """It is refused by itself, so the file budget is spent only on the sheets that will be read."""
    data = corpus.xls([("big", corpus.biff_sheet([[1] * 20] * 20)), ("small", corpus.biff_sheet([[1] * 10] * 10))])
    problems = Problems()
    book = open_book("f.xls", data, problems, Limits(max_cells=100, max_file_cells=100))
    assert book is not None and book.sheet_names == ["small"]
    assert [(p.code, p.sheet) for p in problems] == [("too_many_cells_area", "big")]


def test_the_file_budget_is_a_named_setting(monkeypatch):
    monkeypatch.setenv("ITA_MAX_FILE_CELLS", "1234")
    assert Limits.from_env().max_file_cells == 1234
    assert Limits().max_file_cells == 6_000_000


@pytest.mark.parametrize("last_row, bound", [(8_300, 9_999 * 26), (10_000, 99_999 * 26)])
def test_the_cheap_xlsx_bound_is_tight_for_a_yearly_sheet(last_row, bound):
    """One sheet per year of a national file (about 8,300 rows) is bounded without reading each cell, tight
    enough that seven of them fit the file budget."""
    rows = [[f"หน่วยงาน {k}", *range(19)] for k in range(last_row)]
    data = corpus.xlsx({SHEET: rows})
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert xlsx_part_bound(zf, "xl/worksheets/sheet1.xml").cells == bound
