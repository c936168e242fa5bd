"""``python -m ita report``: exit codes, one file per agency, measures from the store, no browser."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import INDICATOR_HEADERS, ROOT, SAMPLES, SEED_SCORES, xlsx_bytes
from helpers.cli import run_cli
from helpers.reports import MEASURE_TITLES, PHOK_NOI, all_text, open_docx, seed_measures, table_with_header

from ita.cli import main
from ita.io.importer import load_paths

PHOK = str(SAMPLES / "phok-noi-2563.xlsx")
UP = str(SAMPLES / "up-ita-2563.xlsx")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ita", "report", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(autouse=True)
def empty_database(tmp_path, monkeypatch):
    """No test reads the developer's data/ita.db: each gets a database URL of its own (not created yet)."""
    monkeypatch.setenv("ITA_DATABASE_URL", f"sqlite:///{tmp_path / 'none' / 'ita.db'}")


def test_o42_for_one_agency_exits_0_and_writes_the_file(tmp_path, capsys):
    out = tmp_path / "o42.docx"
    assert (
        main(
            [
                "report",
                PHOK,
                "--agency",
                PHOK_NOI,
                "--year",
                "2563",
                "--doc",
                "o42",
                "--out",
                str(out),
                "--no-charts",
                "--prepared-by",
                "นางสาวยุวดี อุเทนสุต",
            ]
        )
        == 0
    )
    doc = open_docx(out.read_bytes())
    text = all_text(doc)
    assert "80.00 คะแนน" in text and "(นางสาวยุวดี อุเทนสุต)" in text
    streams = capsys.readouterr()
    assert str(out) in streams.out and "0 มาตรการ" in streams.err
    # Written (exit 0), but an O42 without measures is not one to publish yet: said, with what to do.
    assert "คำเตือน: ยังไม่มีมาตรการของปี 2564" in streams.err and "หน้ามาตรการ" in streams.err
    assert not (tmp_path / "none").exists()  # drafting never creates a database


def test_measures_come_from_the_store(tmp_path, monkeypatch, capsys):
    from ita.measures.store import open_store

    url = f"sqlite:///{tmp_path / 'ita.db'}"
    store = open_store(url)
    created = [store.create_measure(m, who="test") for m in seed_measures()]
    store.create_measure(seed_measures(2565)[0], who="test")  # another year: not in this report
    fu = store.follow_up(created[0].id, 6)
    store.update_follow_up(
        created[0].id, 6, {"status": "done", "progress": 100, "done": "ประกาศแล้ว"}, fu.version, who="test"
    )
    monkeypatch.setenv("ITA_DATABASE_URL", url)
    out = tmp_path / "o42.docx"
    assert main(["report", PHOK, "--agency", "พอกน้อย", "--out", str(out), "--no-charts"]) == 0  # a partial name
    # None of the seed's measures names indicator 8, the urgent weakness: said to the preparer, not in the document.
    assert "ยังไม่มีมาตรการของปี 2564 ที่ตอบจุดอ่อน" in capsys.readouterr().err
    table = table_with_header(open_docx(out.read_bytes()), "มาตรการ")
    assert [r.cells[0].text.split("\n")[0] for r in table.rows[1:]] == list(MEASURE_TITLES)
    o43 = tmp_path / "o43.docx"
    assert (
        main(["report", PHOK, "--agency", PHOK_NOI, "--doc", "o43", "--round", "6", "--out", str(o43), "--no-charts"])
        == 0
    )
    doc = open_docx(o43.read_bytes())
    rows = next(t for t in doc.tables if "ผลการดำเนินการและหลักฐาน" in [c.text for c in t.rows[0].cells]).rows
    assert rows[1].cells[2].text.startswith("ดำเนินการแล้วเสร็จ") and rows[2].cells[2].text == "ยังไม่ได้รายงานผล"


def three_agencies(tmp_path) -> str:
    """A results file of three agencies (two share a name, in different provinces) and one of another year."""
    path = tmp_path / "three-2563.xlsx"
    rows = [["ชื่อหน่วยงาน", "จังหวัด", *INDICATOR_HEADERS]]
    rows += [[name, province, *SEED_SCORES] for name, province in THREE]
    path.write_bytes(xlsx_bytes({"ITA 2563": rows, "ITA 2564": [rows[0], rows[1]]}))
    return str(path)


THREE = [("เทศบาลตำบลหนึ่ง", "สกลนคร"), ("เทศบาลตำบลสอง", "สกลนคร"), ("เทศบาลตำบลสอง", "นครพนม")]


def test_all_agencies_writes_one_file_per_agency(tmp_path):
    source, folder = three_agencies(tmp_path), tmp_path / "out"
    done = run_cli(
        "report",
        source,
        "--all-agencies",
        "--year",
        "2563",
        "--doc",
        "o42",
        "--out",
        str(folder),
        "--no-charts",
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stderr
    agencies = load_paths([source]).valid.query("year == 2563")["agency_key"].nunique()
    files = sorted(folder.glob("*.docx"))
    assert len(files) == agencies == len(THREE)  # the two of one name are two agencies, two files
    assert f"{agencies} file(s) written" in done.stdout
    assert all(f.name.startswith("O42-2563-") for f in files)
    assert "Traceback" not in done.stderr


def test_all_agencies_xlsx(tmp_path):
    folder = tmp_path / "xl"
    assert (
        main(["report", PHOK, three_agencies(tmp_path), "--all-agencies", "--doc", "xlsx", "--out", str(folder)]) == 0
    )
    files = sorted(f.name for f in folder.glob("ITA-*.xlsx"))
    assert len(files) == 1 + len(THREE)  # Phok Noi and the three, each in its latest year
    assert "ITA-2564-เทศบาลตำบลหนึ่ง.xlsx" in files and "ITA-2563-เทศบาลตำบลพอกน้อย.xlsx" in files


def test_without_a_browser_the_command_still_writes_the_report(tmp_path):
    """A real machine without Chromium: Kaleido is pointed at a browser that does not exist (in a process of its
    own: this one may already have Kaleido's browser running)."""
    out = tmp_path / "o42.docx"
    done = run(
        PHOK,
        "--agency",
        PHOK_NOI,
        "--out",
        str(out),
        "--lang",
        "en",
        env={"ITA_CHART_BROWSER": str(tmp_path / "no-chromium")},
    )
    assert done.returncode == 0, done.stderr
    assert "no chart images (no Chromium browser to draw it)" in done.stderr and "Traceback" not in done.stderr
    doc = open_docx(out.read_bytes())
    # The figures as a table under a table's caption; why is said to whoever ran the command, not in the document.
    assert len(doc.inline_shapes) == 0 and "ตาราง คะแนนรายตัวชี้วัด" in all_text(doc)
    assert "หมายเหตุ" not in all_text(doc) and "แผนภูมิ คะแนน" not in all_text(doc)


@pytest.mark.parametrize(
    "args, message",
    [
        ([PHOK], "--agency"),  # neither --agency nor --all-agencies
        ([PHOK, "--agency", PHOK_NOI, "--all-agencies"], "not allowed"),
        ([PHOK, "--agency", PHOK_NOI, "--doc", "o43"], "--round"),
        ([PHOK, "--agency", PHOK_NOI, "--round", "6"], "o43 only"),
        ([PHOK, "--agency", PHOK_NOI, "--doc", "o43", "--round", "9"], "invalid choice"),
        ([PHOK, "--agency", PHOK_NOI, "--doc", "pdf"], "invalid choice"),
        ([PHOK, "--all-agencies"], "--out"),
        ([PHOK, "--agency", "ไม่มีหน่วยงานนี้"], "no agency named"),
        ([PHOK, "--agency", PHOK_NOI, "--year", "2565"], "years in the files: 2563"),
        ([PHOK, "--agency", PHOK_NOI, "--year", "abc"], "not a fiscal year"),
        (["no-such-file.xlsx", "--agency", PHOK_NOI], "file not found"),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args, message, capsys):
    assert main(["report", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_an_agency_whose_rows_have_errors_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad_2563.xlsx"
    bad.write_bytes(
        xlsx_bytes(
            {"ITA 2563": [["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]], ["หน่วยงานทดสอบ", "ดีมาก", *[80] * 9]]}
        )
    )
    assert main(["report", str(bad), "--agency", "หน่วยงานทดสอบ", "--out", str(tmp_path / "x.docx")]) == 1
    assert "python -m ita check" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_out_may_be_a_folder_and_the_year_defaults_to_the_latest(tmp_path, capsys):
    assert (
        main(
            [
                "report",
                PHOK,
                "--agency",
                PHOK_NOI,
                "--doc",
                "o43",
                "--round",
                "12",
                "--out",
                str(tmp_path),
                "--no-charts",
            ]
        )
        == 0
    )
    assert (tmp_path / "O43-2564-r12-เทศบาลตำบลพอกน้อย.docx").exists()


def test_no_charts_says_charts_were_switched_off_not_that_something_failed(tmp_path):
    out = tmp_path / "o42.docx"
    assert main(["report", PHOK, "--agency", PHOK_NOI, "--out", str(out), "--no-charts"]) == 0
    text = all_text(open_docx(out.read_bytes()))
    assert "ตาราง คะแนนรายตัวชี้วัด" in text  # a table, said to be one, and no note of how the document was made
    assert "หมายเหตุ" not in text and "ขัดข้อง" not in text and "แผนภูมิ คะแนน" not in text


def test_a_document_of_a_year_whose_criteria_are_unconfirmed_says_what_to_check(tmp_path, capsys):
    """2568's weights are unconfirmed (its framework file says so): the document states the result 'as the
    criteria of 2568' all the same, so the command (and the report page) says to check it before publishing."""
    sakon = str(SAMPLES / "sakon-nakhon-2562-2568.xlsx")
    for year, warned in (("2568", True), ("2565", False)):
        out = tmp_path / f"o42-{year}.docx"
        args = ["report", sakon, "--agency", PHOK_NOI, "--year", year, "--doc", "o42", "--out", str(out), "--no-charts"]
        assert main(args) == 0
        err = capsys.readouterr().err
        assert ("เกณฑ์การประเมินปี 2568 (ITA-2568) ยังไม่ได้รับการยืนยัน" in err) is warned, err
