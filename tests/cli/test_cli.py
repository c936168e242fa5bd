"""``python -m ita``: exit codes, formats, and no traceback for a user's mistake."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import INDICATOR_HEADERS, ROOT, SAMPLES, SEED_SCORES, xlsx_bytes
from helpers.cli import run_cli as run

from ita.cli import main, text_width


def test_check_exits_0_on_clean_samples_and_prints_a_summary():
    """The one run as a real ``python -m ita`` process: the entry point and the exit status a shell sees."""
    done = subprocess.run(
        [sys.executable, "-m", "ita", "check", *map(str, sorted(SAMPLES.glob("*.xlsx")))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ข้อผิดพลาด 0" in done.stdout and "Traceback" not in done.stderr


def test_a_reader_that_stops_early_ends_the_command_quietly():
    """``python -m ita score --format json ... | head -1``: the pipe closes while the command writes (a real
    process: the closed pipe is the point); it ends as ``cat`` would, without a traceback."""
    from ita.__main__ import EXIT_PIPE_CLOSED

    command = [sys.executable, "-m", "ita", "score", "--format", "json", str(SAMPLES / "sakon-nakhon-2562-2568.xlsx")]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"{\n"
    proc.stdout.close()  # the reader has what it wanted (the JSON is 270 kB: more than the pipe holds)
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == EXIT_PIPE_CLOSED, stderr
    assert stderr == ""


def test_check_exits_1_when_a_file_has_errors_and_names_the_cell(tmp_path):
    bad = tmp_path / "bad_2563.xlsx"
    bad.write_bytes(
        xlsx_bytes(
            {"ITA 2563": [["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]], ["ก", "ดีมาก", *SEED_SCORES[1:]]]}
        )
    )
    done = run("check", str(bad), "--lang", "en")
    assert done.returncode == 1
    line = next(x for x in done.stdout.splitlines() if "ดีมาก" in x)
    assert "bad_2563.xlsx" in line and " 2 " in line and " B " in line and "error" in line


@pytest.mark.parametrize(
    "args",
    [
        ["check", "no-such-file.xlsx"],
        ["score", "--format", "yaml", str(SAMPLES / "phok-noi-2563.xlsx")],
        ["score", "--year", "abc", str(SAMPLES / "phok-noi-2563.xlsx")],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args):
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.strip()


def test_a_garbage_file_exits_1_with_a_message_not_a_traceback(tmp_path):
    junk = tmp_path / "results.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    done = run("check", str(junk))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "PNG" in done.stdout


def test_score_json_shape(capsys):
    assert main(["score", str(SAMPLES / "phok-noi-2563.xlsx"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"records", "problems"}
    record = data["records"][0]
    assert {"agency", "year", "indicators", "tools", "total", "grade", "passed", "framework"} <= set(record)
    assert record["indicators"] == {str(k): v for k, v in enumerate(SEED_SCORES, 1)}
    assert set(record["tools"]) == {"IIT", "EIT", "OIT"} and record["year"] == 2563
    assert (record["total"], record["grade"], record["passed"], record["framework"]) == (80.0, "B", False, "ITA-2563")
    assert isinstance(data["problems"], list) and {"file", "severity", "message_th", "message_en"} <= set(
        data["problems"][0]
    )


def test_score_year_option_fills_a_file_without_a_year(tmp_path, capsys):
    path = tmp_path / "scores.xlsx"
    path.write_bytes(
        xlsx_bytes({"Sheet1": [["ชื่อหน่วยงาน", *[f"ตัวชี้วัดที่ {k}" for k in range(1, 11)]], ["ก", *SEED_SCORES]]})
    )
    assert main(["score", str(path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["records"] == []
    assert main(["score", str(path), "--format", "json", "--year", "2020"]) == 0  # C.E. accepted
    assert json.loads(capsys.readouterr().out)["records"][0]["year"] == 2563


def test_the_score_table_names_each_agencys_province_and_the_district_that_tells_two_apart(tmp_path, capsys):
    path = tmp_path / "ITA 2564.xlsx"
    rows = [["ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", *INDICATOR_HEADERS]]
    rows += [["อบต.นาแก", district, "นครพนม", *SEED_SCORES] for district in ("นาแก", "เมืองนครพนม")]
    rows += [["ทต.พอกน้อย", "พรรณานิคม", "สกลนคร", *SEED_SCORES]]
    path.write_bytes(xlsx_bytes({"ITA 2564": rows}))
    assert main(["score", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "จังหวัด" in lines[0]
    assert any("นาแก · นครพนม" in line for line in lines) and any("เมืองนครพนม · นครพนม" in line for line in lines)
    assert any("เทศบาลตำบลพอกน้อย" in line and " สกลนคร " in line and "พรรณานิคม" not in line for line in lines)


def test_2566_records_carry_thai_labels(capsys):
    assert main(["score", str(SAMPLES / "sakon-nakhon-2562-2568.xlsx"), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)["records"]
    grades = {r["year"]: set() for r in records}
    for r in records:
        grades[r["year"]].add(r["grade"])
    assert grades[2565] <= {"AA", "A", "B", "C", "D", "E", "F"}
    assert grades[2566] <= {"ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"}


def test_frameworks_option_and_a_refused_framework_file(tmp_path, capsys):
    (tmp_path / "2569.toml").write_text("year = 2569\nbased_on = 2568\nweight = ", encoding="utf-8")
    assert main(["check", str(SAMPLES / "phok-noi-2563.xlsx"), "--frameworks", str(tmp_path)]) == 0
    assert "2569.toml" in capsys.readouterr().err


def test_thai_text_width_ignores_marks():
    assert text_width("พอกน้อย") == 6  # the tone mark takes no column
    assert text_width("ABC") == 3


def test_streamed_json_is_the_same_text_as_one_dump(tmp_path):
    """``score --format json`` writes chunk by chunk (flat memory on a large file): byte for byte what one
    ``json.dumps`` of the whole document gives, with records and problems, empty arrays included."""
    import io as _io
    import json as _json

    from ita.cli import JSON_CHUNK_ROWS, to_json, write_json
    from ita.io.importer import load_files, load_paths

    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS]]
    rows += [[f"หน่วยงาน {k}", *SEED_SCORES] for k in range(JSON_CHUNK_ROWS + 3)]
    rows.append(["หน่วยงานผิด", *SEED_SCORES[:-1], 140])
    cases = [
        load_files([("ITA 2563.xlsx", xlsx_bytes({"ITA 2563": rows}))]),
        load_files([("empty.csv", b"")]),
        load_paths([SAMPLES / "phok-noi-2563.xlsx"]),
    ]
    for result in cases:
        out = _io.StringIO()
        write_json(result, out)
        assert out.getvalue() == _json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n"
    assert len(_json.loads(out.getvalue())["records"]) == 1
