"""The bad-input corpus: every file in tests/corpus/files/ is refused safely, or read in part.

One row per file: the error codes it must produce, where (file, or sheet, or the exact cell), and which
spreadsheet rows still load. For every file: loading never raises, some error names the file, every
message is filled in Thai and English. Files that could exhaust memory or abort the process (a bomb, a
far cell, repeated .ods cells) are loaded in a child process, so a regression fails one test instead of
killing the run. Rebuild the files with ``python tests/corpus/build_corpus.py``.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from helpers import CORPUS_DIR, CORPUS_FILES, ROOT

from ita.io.importer import load_paths
from ita.io.reading import Limits

FILES = CORPUS_FILES
SHEET = "ITA 2563"
MAX_CHILD_RSS_MB = 400
MAX_CHILD_SECONDS = 20
# One worker runs the module, so the corpus is loaded in a child process once (``corpus_in_child``).
pytestmark = pytest.mark.xdist_group("corpus")


@dataclass(frozen=True)
class Case:
    file: str
    errors: tuple[str, ...]  # codes that must appear with severity error
    cells: tuple[tuple[str, str, int, str | None], ...] = ()  # (code, sheet, row, column): every located error
    sheet_errors: tuple[tuple[str, str], ...] = ()  # (code, sheet): errors about a whole sheet
    valid_rows: tuple[int, ...] = ()  # spreadsheet rows that still load
    also: tuple[str, ...] = ()  # other codes expected (warnings, infos)
    limits: Limits | None = None
    isolate: bool = False  # load in a child process: memory and time guard
    marks: tuple = ()

    def param(self):
        return pytest.param(self, id=self.file, marks=self.marks)


CASES = [
    # ---- not a spreadsheet at all: refused as a whole file
    Case("empty.xlsx", ("file_empty",)),
    Case("empty.csv", ("file_empty",)),
    Case("png_renamed.xlsx", ("unknown_format",)),
    Case("prose_renamed.xlsx", ("unknown_format",)),
    Case("random_zip.xlsx", ("unknown_format",)),
    Case("word_document.xlsx", ("unknown_format",)),
    Case("binary_garbage.csv", ("unknown_format",)),
    # a web system's "Export to Excel": its table is read (this one names no year); a page without one, a table of
    # hostile spans and Excel 2003 XML with an entity bomb are refused, in the worker
    Case("html_table.xls", ("no_year",), sheet_errors=(("no_year", "html_table"),), also=("extension_mismatch",)),
    Case("web_page_without_table.xls", ("html_as_spreadsheet",)),
    Case("html_huge_spans.xls", ("too_many_cells_file",), isolate=True),
    # patterns that took quadratic time over a long run (a tag's attribute letters, a number format's '['): the
    # table beside them is read, in the child's time limit
    Case("html_attribute_run_2563.xls", (), valid_rows=(2, 3, 4), also=("extension_mismatch",), isolate=True),
    Case("xlsx_format_bracket_run.xlsx", (), valid_rows=(2, 3, 4), isolate=True),
    # a number cell an exporter wrote with a decimal comma: the sheet is refused with what to do, not calamine's words
    Case(
        "xlsx_decimal_comma_numbers.xlsx",
        ("sheet_bad_number_cells",),
        sheet_errors=(("sheet_bad_number_cells", SHEET),),
    ),
    Case("xml2003_entity_bomb.xml", ("corrupt",), isolate=True),
    Case("html_crafted_runs.xls", ("no_scores_in_file",), isolate=True),
    Case("html_empty_rows.xls", ("too_many_cells_file",), isolate=True),
    Case("xml2003_far_cell.xml", ("too_many_cells_file",), isolate=True),
    Case("encrypted.xlsx", ("encrypted",)),
    Case("truncated.xlsx", ("corrupt",)),
    Case("lying_sizes.xlsx", ("corrupt",), sheet_errors=(("corrupt", SHEET),)),
    # ---- unsafe: refused before parsing, with memory and time bounded
    Case("bomb.xlsx", ("decompression_bomb",), isolate=True),
    Case(
        "far_cell.xlsx",
        ("too_many_cells_area",),
        sheet_errors=(("too_many_cells_area", "หมายเหตุ"),),
        valid_rows=(2, 3, 4),
        isolate=True,
    ),
    Case("ods_repeat_bomb.ods", ("too_many_cells_ods",), sheet_errors=(("too_many_cells_ods", "ข้อมูล"),), isolate=True),
    Case(
        "too_many_cells.xlsx",
        ("too_many_cells_area",),
        sheet_errors=(("too_many_cells_area", SHEET),),
        limits=Limits(max_cells=100),
    ),
    # ---- a spreadsheet with nothing to read, or a sheet that cannot be scored
    Case("notes_only.xlsx", ("no_scores_in_file",), also=("sheet_no_scores",)),
    Case(
        "missing_indicator_column.xlsx",
        ("missing_indicator_column",),
        cells=(("missing_indicator_column", SHEET, 1, None),),
    ),
    Case("no_year.xlsx", ("no_year",), sheet_errors=(("no_year", "ผลการประเมิน"),)),
    # ---- bad cells: only their rows are dropped
    Case(
        "out_of_range.xlsx",
        ("out_of_range",),
        cells=(("out_of_range", SHEET, 3, "E"), ("out_of_range", SHEET, 5, "I")),
        valid_rows=(2, 4, 6),
    ),
    Case(
        "not_numbers.xlsx",
        ("not_a_number",),
        cells=(("not_a_number", SHEET, 2, "D"), ("not_a_number", SHEET, 4, "L")),
        valid_rows=(3, 5, 6),
    ),
    Case("date_in_score.xlsx", ("date_not_score",), cells=(("date_not_score", SHEET, 3, "G"),), valid_rows=(2, 4, 5)),
    Case("bad_year.xlsx", ("bad_year",), cells=(("bad_year", "ผลการประเมิน", 4, "B"),), valid_rows=(2, 3, 5)),
    Case(
        "undecodable_bytes.csv",
        ("not_a_number",),
        cells=(("not_a_number", "undecodable_bytes", 3, "F"),),
        valid_rows=(2, 4, 5),
        also=("csv_undecodable",),
    ),
    Case(
        "blank_agency.xlsx",
        ("agency_missing",),
        cells=(("agency_missing", SHEET, 3, "A"), ("agency_missing", SHEET, 5, "A")),
        valid_rows=(2, 4, 6),
    ),
    # ---- rows that contradict each other: both are errors; an exact repeat is merged
    Case(
        "duplicate_conflict.xlsx",
        ("duplicate_conflict",),
        cells=(("duplicate_conflict", SHEET, 2, None), ("duplicate_conflict", SHEET, 5, None)),
        valid_rows=(3, 4, 6),
        also=("duplicate_identical",),
    ),
    # ---- text from a file is text (issue 8, section 4): names that try to be markup load as plain text; control
    # and direction characters are removed with a warning at their cell (tests/common/test_textsafety.py checks where)
    Case(
        "markup_names.xlsx",
        ("not_a_number",),
        cells=(("not_a_number", "ITA 2563 <i>x</i>", 7, "D"),),
        valid_rows=(2, 3, 4, 5, 6),
        also=("unsafe_characters_removed",),
    ),
    Case(
        "control_names.csv",
        ("not_a_number",),
        cells=(("not_a_number", "control_names", 4, "E"),),
        valid_rows=(2, 3),
        also=("unsafe_characters_removed",),
    ),
    # ---- CSV and hidden content (issue 8, sections 5 and 6): read as a person reads it, with what it hid said;
    # a case without errors must load with none (tests/io/test_csv_reading.py and tests/io/test_hidden.py go further)
    Case("csv_slow_sniffer.csv", (), valid_rows=tuple(range(2, 14))),
    Case("csv_utf16_no_bom.csv", (), valid_rows=(2, 3, 4, 5), also=("csv_utf16_no_bom",)),
    Case("csv_mixed_encodings.csv", (), valid_rows=(2, 3, 4, 5, 6, 7), also=("csv_mixed_encodings",)),
    Case(
        "formulas_no_values.xlsx",
        ("missing_score",),
        cells=(("missing_score", SHEET, 4, "F"),),
        valid_rows=(2, 3, 5),
        also=("formula_without_value",),
    ),
    Case("merged_header.xlsx", (), valid_rows=(3, 4, 5, 6), also=("merged_cells_filled",)),
    Case("merged_header.ods", (), valid_rows=(3, 4, 5, 6), also=("merged_cells_filled",)),
    Case("hidden_sheet.xlsx", (), valid_rows=(2, 2, 3, 3, 4, 4), also=("hidden_sheet",)),
    Case("very_hidden_sheet.xlsx", (), valid_rows=(2, 2, 3, 3, 4, 4), also=("very_hidden_sheet",)),
    Case("hidden_rows.xlsx", (), valid_rows=(2, 3, 4, 5, 6, 7), also=("hidden_rows", "hidden_columns")),
    Case("hidden_rows.ods", (), valid_rows=(2, 3, 4, 5, 6, 7), also=("hidden_rows", "hidden_columns")),
    Case("hidden_rows.xls", (), valid_rows=(2, 3, 4, 5, 6, 7), also=("hidden_rows", "hidden_columns")),
    Case("empty_name_column.xlsx", ("agency_column_empty",), sheet_errors=(("agency_column_empty", SHEET),)),
    Case("no_name_column.xlsx", ("agency_column_missing",), sheet_errors=(("agency_column_missing", SHEET),)),
    # ---- size checks for every format, before any parser sees the bytes (issue 8, section 2): each file
    # aborts or exhausts calamine when handed to it directly (tests/io/test_formats.py checks the readers)
    Case(
        "xls_far_cell.xls",
        ("too_many_cells_area",),
        sheet_errors=(("too_many_cells_area", "หมายเหตุ"),),
        valid_rows=(2, 3, 4),
        isolate=True,
    ),
    Case("xls_70_sheets.xls", ("too_many_cells_file",), also=("too_many_sheets",), isolate=True),
    Case(
        "xls_lying_dimensions.xls",
        ("xls_dimensions_too_large",),
        sheet_errors=(("xls_dimensions_too_large", "สรุป"),),
        valid_rows=(2, 3, 4),
        isolate=True,
    ),
    Case("xls_fat_loop.xls", ("corrupt",), isolate=True),
    Case(
        "bare_biff_far_cell.xls",
        ("too_many_cells_area", "xls_old_format"),
        sheet_errors=(("too_many_cells_area", "Sheet1"),),
        isolate=True,
    ),
    Case(
        "xlsb_named_xlsx_far_cell.xlsx",
        ("too_many_cells_area",),
        sheet_errors=(("too_many_cells_area", "หมายเหตุ"),),
        valid_rows=(2, 3, 4),
        also=("extension_mismatch",),
        isolate=True,
    ),
    Case("xlsb_small.xlsb", ("out_of_range",), cells=(("out_of_range", SHEET, 3, "E"),), valid_rows=(2, 4, 5)),
    Case("ods_tables_over_budget.ods", ("too_many_cells_file",), isolate=True),
    Case("xlsx_sheets_over_budget.xlsx", ("too_many_cells_file",), isolate=True),
    Case("ole_word_document.xls", ("unknown_format",)),
    Case("zip_mixed_formats.xlsx", ("unknown_format",), isolate=True),
    Case("xls_password.xls", ("encrypted",)),
]


# --------------------------------------------------------------------------- loading


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from ita.io import isolation
from ita.io.importer import load_paths
files = {}
for path in sys.argv[2:]:
    started = time.monotonic()
    result = load_paths([path])
    files[path] = {
        "seconds": time.monotonic() - started,
        "problems": result.problems.astype(object).where(result.problems.notna(), None).to_dict("records"),
        "valid_rows": [int(r) for r in result.valid["source_row"]],
    }
isolation.pool().close()  # any parse worker is waited for: its peak is in RUSAGE_CHILDREN
# This process's own peak is VmHWM: RUSAGE_SELF would keep the peak of the process that started it (Linux carries
# ru_maxrss across exec), a pytest worker of several hundred MB.
own_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
workers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"files": files, "self_mb": own_kb / 1024, "workers_mb": workers_kb / 1024}, ensure_ascii=False))
"""


def load_in_child(paths: list[Path]) -> dict:
    """Load each file, one after the other, the way the app does (a parse worker per file, replaced after a
    failure), in a child process of its own: a file that aborts or exhausts a process fails the tests that read
    it instead of killing the run. Per file: its problems, the rows read and its time; for the whole run, the
    child's peak memory and its workers' (Linux: kilobytes; RUSAGE_CHILDREN of this process would also count
    every other child it ever had, under pytest-xdist an app server of a browser test)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT), *map(str, paths)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"the import crashed (exit {done.returncode}):\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@functools.cache
def corpus_in_child() -> dict:
    """Every corpus file loaded in one child process, once per test process (the module is one xdist group)."""
    return load_in_child(sorted(p for p in FILES.iterdir() if p.is_file()))


def load_isolated(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """The file's problems and rows from the child's run; the child and every worker stayed under
    ``MAX_CHILD_RSS_MB`` (so this file's peak did too) and the file took under ``MAX_CHILD_SECONDS``."""
    out = corpus_in_child()
    assert out["self_mb"] < MAX_CHILD_RSS_MB and out["workers_mb"] < MAX_CHILD_RSS_MB, out
    got = out["files"][str(path)]
    assert got["seconds"] < MAX_CHILD_SECONDS, f"took {got['seconds']:.1f} s"
    return pd.DataFrame(got["problems"]), got["valid_rows"]


def load(case: Case) -> tuple[pd.DataFrame, list[int]]:
    path = FILES / case.file
    if case.isolate:
        return load_isolated(path)
    result = load_paths([path], limits=case.limits)  # must not raise: that is the first assertion
    return result.problems, [int(r) for r in result.valid["source_row"]]


def _none(value):
    return None if value is None or pd.isna(value) else value


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_bad_file_is_refused_safely(case: Case):
    problems, valid_rows = load(case)
    errors = problems.loc[problems["severity"] == "error"]

    # The expected codes, and an error that names this file.
    assert set(case.errors) <= set(errors["code"]), problems[["code", "message_en"]].to_string()
    assert set(case.also) <= set(problems["code"])
    if case.errors:
        assert (errors["file"] == case.file).any()
    else:  # a file read as a person reads it: what it hid is a warning or a note, never an error
        assert errors.empty, errors[["code", "message_en"]].to_string()

    # Every message says something, in both languages, with its placeholders filled.
    for th, en, code in zip(problems["message_th"], problems["message_en"], problems["code"], strict=False):
        for text in (th, en):
            assert isinstance(text, str) and text.strip() and text != code, code
            assert "{" not in text, text

    # Cell- and row-level errors are exactly the expected ones, at the exact place.
    located = {
        (p["code"], p["sheet"], int(p["row"]), _none(p["column"]))
        for p in errors.to_dict("records")
        if _none(p["row"]) is not None
    }
    assert located == set(case.cells)
    whole_sheet = {
        (p["code"], p["sheet"])
        for p in errors.to_dict("records")
        if _none(p["row"]) is None and _none(p["sheet"]) is not None
    }
    assert whole_sheet == set(case.sheet_errors)

    # The good rows of a partly bad file still load; only the bad ones are dropped.
    assert sorted(valid_rows) == list(case.valid_rows)


def test_bomb_is_refused_from_the_zip_directory():
    """The bomb's worksheet would unpack to over 1 GiB; the file itself is about 1 MB."""
    path = FILES / "bomb.xlsx"
    assert path.stat().st_size < 2 * 1024 * 1024
    problems, valid_rows = load_isolated(path)
    assert list(problems["code"]) == ["decompression_bomb"]
    assert "xl/worksheets/sheet1.xml" in problems["message_en"].iat[0]
    assert valid_rows == []


def test_a_claimed_dimension_alone_does_not_refuse_a_sheet():
    """too_many_cells.xlsx claims A1:XFD1048576 but holds 13 × 12 cells: read in full under the defaults."""
    result = load_paths([FILES / "too_many_cells.xlsx"])
    assert not result.has_errors
    assert list(result.valid["source_row"]) == list(range(2, 14))


def test_a_year_given_by_the_user_rescues_a_file_without_one():
    result = load_paths([FILES / "no_year.xlsx"], year=2563)
    assert not result.has_errors
    assert list(result.valid["year"]) == [2563] * 3


def test_the_corpus_is_large_and_every_file_has_a_row():
    on_disk = sorted(p.name for p in FILES.iterdir() if p.is_file())
    assert len(on_disk) >= 15
    assert sorted(c.file for c in CASES) == on_disk


_FAR_CELL_SPELLINGS = {
    # How one far cell can be written; each must be seen before calamine lays the sheet out.
    "plain": '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    "tab before r": '<row r="1048576"><c\tr="XFD1048576"><v>1</v></c></row>',
    "single quotes": "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    "lower case": '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
    "r not first": '<row r="1048576"><c s="0" r="XFD1048576"><v>1</v></c></row>',
    "row without r": '<row r="1048576"><c r="A1048576"><v>1</v></c></row><row><c r="XFD1"><v>1</v></c></row>',
}


def test_every_spelling_of_a_far_cell_is_refused_before_parsing(tmp_path):
    """A child process loads one small workbook per spelling: none may abort it or be read."""
    sys.path.insert(0, str(CORPUS_DIR))
    import build_corpus as corpus

    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>หมายเหตุ</t></is></c></row>'
    paths = []
    for k, spelling in enumerate(_FAR_CELL_SPELLINGS.values()):
        xml = corpus._XML + f'<worksheet xmlns="{corpus._MAIN}"><sheetData>{head}{spelling}</sheetData></worksheet>'
        path = tmp_path / f"far_cell_{k}.xlsx"
        path.write_bytes(corpus.zip_bytes(corpus.xlsx_parts([("หมายเหตุ", xml)])))
        paths.append(path)
    out = load_in_child(paths)
    problems = pd.DataFrame([p for got in out["files"].values() for p in got["problems"]])
    refused = problems.loc[problems["code"] == "too_many_cells_area", "file"]
    assert sorted(refused) == sorted(p.name for p in paths)
    assert all(got["valid_rows"] == [] for got in out["files"].values())


EACH_FILE_SECONDS = 30
EACH_FILE_MB = 1024


def test_every_corpus_file_is_settled_within_the_done_when_bounds():
    """Every file of the corpus, read as the app reads it (a parse worker), one after the other in one process:
    none raises or ends the caller, each takes under 30 s, and neither the caller nor any worker passes 1 GB."""
    out = corpus_in_child()
    paths = sorted(str(p) for p in FILES.iterdir() if p.is_file())
    assert sorted(out["files"]) == paths
    slow = {
        Path(p).name: round(got["seconds"], 1) for p, got in out["files"].items() if got["seconds"] >= EACH_FILE_SECONDS
    }
    assert not slow
    assert out["self_mb"] < EACH_FILE_MB and out["workers_mb"] < EACH_FILE_MB, out
