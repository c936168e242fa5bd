"""Text from a file is text (issue 8, section 4): names, provinces, types, file names and measure text show as
written on every page, in every chart and in every file the project writes; never as Markdown, HTML, a
formula or a terminal escape. The names come from the corpus file ``markup_names.xlsx``
(``tests/corpus/build_corpus.py``: Markdown links and images, HTML, control and direction characters, a
formula, a very long Thai name)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import sys
import unicodedata

import pandas as pd
import pytest
import streamlit as st
from helpers import CORPUS_DIR, CORPUS_FILES, ROOT
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from ita.analysis import overview
from ita.common.plaintext import (
    FILE_NAME_BYTES,
    FORMULA_PREFIXES,
    _name_part,
    chart,
    cut_utf8,
    file_name,
    html,
    markdown,
    terminal,
    write_cell,
)
from ita.common.text import UNSAFE_CHARACTERS
from ita.io.importer import load_paths
from ita.measures import charts as measure_charts
from ita.views import charts

sys.path.insert(0, str(CORPUS_DIR))
import build_corpus as corpus  # noqa: E402 - the corpus builder lives beside the files, not in a package

FILES = CORPUS_FILES
MARKUP = FILES / "markup_names.xlsx"
CONTROLS = FILES / "control_names.csv"
EVIL_FILE_NAME = "[ไฟล์](http://evil.example/f) <img src=x>.xlsx"
# What must never reach a page, a chart or a file as markup (after removing every backslash-escaped character).
MARKUP_SIGNS = (
    "](",
    "![",
    "<img",
    "<a ",
    "<a\n",
    "<script",
    "http://",
    "https://",
    "www.evil",
    "**ตัวหนา**",
    ":red[",
    "$x$",
)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def loaded():
    return load_paths([MARKUP])


@pytest.fixture(scope="module")
def names(loaded) -> dict[str, list[str]]:
    """The agencies, provinces and types as imported (control characters already removed)."""
    valid = loaded.valid
    return {column: sorted(set(valid[column].astype(str))) for column in ("agency", "province", "agency_type")}


def unescaped(value: str) -> str:
    """What Markdown makes of ``value`` outside its backslash escapes: every escaped character removed."""
    return re.sub(r"\\.", "", value, flags=re.S)


def assert_plain_markdown(value: str, where: str = "") -> None:
    left = unescaped(value)
    found = [sign for sign in MARKUP_SIGNS if sign in left]
    assert not found, f"{where}: {found} in {value!r}"


# --------------------------------------------------------------------------- the helpers, as a table


@pytest.mark.parametrize(
    "text",
    [
        "[ลิงก์](http://evil.example/phish)",
        "![x](http://evil.example/x.png)",
        "<img src=http://evil.example/y.png>",
        '<a href="http://evil.example">สกลนคร</a>',
        "<script>alert(1)</script>",
        "**ตัวหนา** :red[แดง] $x$",
        "www.evil.example",
        "a@evil.example",
        "<http://evil.example>",
        "- รายการ\n1. ลำดับ\n# หัวข้อ\n> อ้าง\n===",
        "เทศบาลตำบลพอกน้อย (สกลนคร)",
        "x\\](http://evil.example)",
        "&lt;b&gt; &#60;",
        "|a|b|\n|-|-|",
    ],
)
def test_markdown_escapes_every_markup_sign(text):
    out = markdown(text)
    assert_plain_markdown(out, text)
    # Unescaping gives the text back exactly (less the invisible word joiners that stop GFM's bare-URL links).
    assert re.sub(r"\\(.)", r"\1", out.replace("  \n", "\n")).replace("\u2060", "") == text
    assert markdown(out) is out  # escaped once, never twice


def test_markdown_keeps_thai_and_drops_control_characters():
    assert markdown("เทศบาลตำบลพอกน้อย") == "เทศบาลตำบลพอกน้อย"
    assert markdown("ก\x07ข\u202eค") == "กขค"


def test_chart_text_escapes_html_and_placeholders():
    assert (
        chart('<a href="http://evil.example">x</a> & %{y}')
        == '&lt;a href="http://evil.example"&gt;x&lt;/a&gt; &amp; %&#123;y}'
    )
    assert chart("องค์การบริหารส่วนตำบล") == "องค์การบริหารส่วนตำบล"
    assert html('<b>"ก"</b>') == "&lt;b&gt;&quot;ก&quot;&lt;/b&gt;"


def test_terminal_shows_control_characters_as_escapes():
    assert terminal("แดง\x1b[31m\x07กลับ\u202e\tx\ny") == "แดง\\x1b[31m\\x07กลับ\\u202e x y"
    assert terminal("เทศบาลตำบลพอกน้อย") == "เทศบาลตำบลพอกน้อย"


@pytest.mark.parametrize(
    "name",
    [
        *(a for a, _, _ in corpus.MARKUP_NAMES),
        "../../etc/passwd",
        "CON",
        "nul.txt",
        "a" * 400,
        "ก\u0e34" * 200,
        "เ" * 200,
        "  ",
        'a/b\\c:d*e?f"g<h>i|j',
    ],
)
def test_file_names_are_safe_short_and_keep_thai(name):
    made = file_name(name, "docx", prefix="O43-2564-r12")
    assert len(made.encode("utf-8")) <= FILE_NAME_BYTES
    assert made.startswith("O43-2564-r12-") and made.endswith(".docx")
    assert not re.search(r'[\\/:*?"<>|\x00-\x1f\u202a-\u202e\u2066-\u2069\s]', made)
    stem, whole = made[: -len(".docx")], "O43-2564-r12-" + _name_part(name)
    if stem != whole and stem != "O43-2564-r12-file":  # cut: never before a mark, never after a leading vowel
        assert whole.startswith(stem) and unicodedata.category(whole[len(stem)]) not in ("Mn", "Mc")
        assert stem[-1] not in "เแโใไ"
    assert file_name(name, "docx").split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}


def test_a_long_thai_name_is_cut_between_syllables():
    assert cut_utf8("เกาะแก้ว", len("เกาะแก้".encode())) == "เกาะแก้"  # a whole syllable fits
    assert cut_utf8("เกาะแก้ว", len("เกาะแก".encode())) == "เกาะ"  # not แก without its tone mark, nor แ alone
    assert cut_utf8("กิ", 3) == ""  # never a consonant without its vowel above
    name = file_name(corpus.LONG_THAI_NAME, "docx", prefix="O42-2563")
    assert name.startswith("O42-2563-องค์การบริหารส่วนตำบลเกาะแก้วพิสดาร") and len(name.encode()) <= 180


def test_a_facultys_whole_name_fits_by_default():
    """A batch of a university's units cut 'คณะสถาปัตยกรรมศาสตร์และศิลปกรรมศาสต.docx' at 120 bytes."""
    name = "คณะสถาปัตยกรรมศาสตร์และศิลปกรรมศาสตร์"
    assert file_name(name, "docx", prefix="O42-2563") == f"O42-2563-{name}.docx"


def test_file_name_limit_is_a_setting(monkeypatch):
    monkeypatch.setenv("ITA_FILE_NAME_BYTES", "60")
    assert len(file_name(corpus.LONG_THAI_NAME, "xlsx", prefix="ITA-2563").encode()) <= 60


def test_write_cell_never_makes_a_formula():
    from openpyxl import Workbook

    ws = Workbook().active
    for k, text in enumerate(['=HYPERLINK("http://evil.example","x")', "+1", "-1", "@SUM(A1)", "\tx", "ก\x07ข"]):
        write_cell(ws, k + 1, 1, text)
    cells = [ws.cell(k + 1, 1) for k in range(6)]
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if c.value.startswith(FORMULA_PREFIXES))
    assert cells[-1].value == "กข"


# --------------------------------------------------------------------------- import: control characters


def test_control_and_direction_characters_are_removed_with_a_warning_at_their_cell():
    result = load_paths([MARKUP, CONTROLS])
    notes = result.problems.loc[result.problems["code"] == "unsafe_characters_removed"]
    assert set(zip(notes["file"], notes["row"].astype(int), notes["column"], notes["severity"], strict=False)) == {
        ("markup_names.xlsx", 4, "A", "warning"),
        ("markup_names.xlsx", 4, "B", "warning"),
        ("markup_names.xlsx", 4, "C", "warning"),
        ("control_names.csv", 2, "A", "warning"),
        ("control_names.csv", 3, "B", "warning"),
    }
    assert all("U+" in m and "{" not in m for m in notes["message_en"])
    for column in ("agency", "province", "agency_type", "agency_key"):
        assert not any(UNSAFE_CHARACTERS.search(str(v)) for v in result.table[column])
    assert "เทศบาลตำบลควบคุมกลับ[31m" in set(result.valid["agency"])


# --------------------------------------------------------------------------- charts


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value)
    elif hasattr(node, "tolist"):
        yield from _strings(node.tolist())


def assert_plain_figure(fig_json: dict) -> None:
    texts = list(_strings(fig_json))
    raw = [s for s in texts if re.search(r"<(img|a |script|i>)", s)]  # Plotly reads HTML, not Markdown
    assert not raw, raw


def test_every_chart_of_user_text_escapes_it(loaded, names):
    from ita.rules.frameworks import default_frameworks

    table = loaded.valid
    framework, _ = default_frameworks().for_year(2563)
    figures = [
        charts.heatmap(overview.heatmap_matrix(table, 2563), framework),
        charts.heatmap(overview.group_heatmap(table, 2563, by="agency_type"), framework),
        charts.heatmap(overview.group_heatmap(table, 2563, by="province"), framework),
        charts.peer_distribution([80.0, 90.0], 85.0, framework, own_label=names["agency"][0]),
        charts.trend(
            table.assign(year=[2562, 2563, 2564, 2565, 2566]).sort_values("year"),
            {y: default_frameworks().for_year(y)[0] for y in range(2562, 2567)},
            indicators=[1],
            names={1: "<a href='http://evil.example'>x</a>"},
            title="<img src=x>",
        ),
        measure_charts.progress_by_unit(
            pd.DataFrame(
                {
                    "responsible": ["<a href='http://evil.example'>กอง</a>", "**ตัวหนา**"],
                    "measures": [1, 2],
                    "mean_progress": [50.0, 100.0],
                }
            ),
            "<i>x</i>",
        ),
    ]
    for fig in figures:
        assert_plain_figure(fig.to_plotly_json())
    heat = figures[0].to_plotly_json()["data"][0]["y"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;เทศบาลตำบลสคริปต์" in list(heat)  # shown, as text
    script = next(a for a in names["agency"] if a.startswith("<script>"))
    own = charts.peer_distribution([80.0], 85.0, framework, own_label=script)
    assert own.data[1].name == "&lt;script&gt;alert(1)&lt;/script&gt;เทศบาลตำบลสคริปต์"


# --------------------------------------------------------------------------- writers


@pytest.fixture(scope="module")
def evil_results(loaded):
    """An agency-year of each imported name, and one whose name still holds every unsafe character."""
    from ita.analysis.agency import AgencyYear

    rows = [AgencyYear.from_row(row) for _, row in loaded.valid.iterrows()]
    raw = dataclasses.replace(rows[0], agency="เทศบาล\x07\x1b[31m\x00\x0b\u202e\ufffe\ud800ตำบล", province="\x85")
    return [*rows, raw]


def _evil_items(result):
    from ita.measures.model import FollowUp, Measure, MeasureWithFollowUps

    measure = Measure(
        agency_key=result.agency_key,
        agency=result.agency,
        year=result.measure_year,
        id=1,
        version=1,
        title='=HYPERLINK("http://evil.example","x")',
        indicators=(1,),
        guideline="[ลิงก์](http://evil.example)\x07",
        steps="- ขั้น\x1b[31m\n1. ขั้น",
        responsible="@กอง",
        monitoring="+ติดตาม\u202e",
        start_date=dt.date(2020, 10, 1),
        due_date=dt.date(2021, 9, 30),
    )
    follow = FollowUp(
        1,
        6,
        "done",
        100,
        "-ทำแล้ว\x0b",
        "http://evil.example/<script>",
        dt.date(2021, 3, 31),
        "=cmd|' /C calc'!A0",
        version=1,
    )
    return [MeasureWithFollowUps(measure, {6: follow, 12: FollowUp(1, 12)})]


def _assert_no_formula(content: bytes) -> int:
    wb = load_workbook(io.BytesIO(content))
    texts = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts += 1
                    assert not CONTROL.search(cell.value), (ws.title, cell.coordinate, cell.value)
                    if cell.value.startswith(FORMULA_PREFIXES):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    return texts


def test_the_report_workbook_takes_any_name_and_holds_no_formula(evil_results, loaded):
    from ita.reports import agency_workbook

    for result in evil_results:
        content = agency_workbook(result, _evil_items(result), history=loaded.valid)
        assert _assert_no_formula(content) > 20
    wb = load_workbook(io.BytesIO(agency_workbook(evil_results[3], _evil_items(evil_results[3]))))
    title = wb.worksheets[0]["A1"]
    assert title.value.startswith("=HYPERLINK") and title.data_type == "s" and title.quotePrefix


def test_the_measures_workbook_takes_any_text_and_holds_no_formula(evil_results):
    from ita.measures.xlsx import export_xlsx

    assert _assert_no_formula(export_xlsx(_evil_items(evil_results[-1]))) > 10


@pytest.mark.parametrize("doc", ["o42", "o43"])
def test_the_documents_take_any_name(evil_results, doc, monkeypatch):
    from docx import Document

    from ita.reports import draft_document, render_document
    from ita.reports.typeset import plain

    monkeypatch.setenv("ITA_REPORT_CHARTS", "0")
    for result in (evil_results[0], evil_results[1], evil_results[-1]):
        items = _evil_items(result)
        draft = draft_document(result, items, doc, 6)
        rendered = render_document(result, items, doc, 6, draft=draft)
        opened = Document(io.BytesIO(rendered.content))
        text = "\n".join(p.text for p in opened.paragraphs)
        assert not CONTROL.search(text)
    # The name as written, once the typesetting marks are read out (ita.reports.typeset.plain).
    assert "[ตำบลลิงก์](http://evil.example/phish)" in "\n".join(
        plain(p.text) for p in Document(io.BytesIO(render_document(evil_results[0], [], "o42").content)).paragraphs
    )


# --------------------------------------------------------------------------- the command line


def test_the_cli_table_prints_no_control_character():
    from ita.cli import main

    for command in (["score", str(CONTROLS), str(MARKUP)], ["check", "--all", str(CONTROLS), str(MARKUP)]):
        out, err = io.StringIO(), io.StringIO()
        main(command, out=out, err=err)
        printed = out.getvalue() + err.getvalue()
        assert not CONTROL.search(printed), repr(CONTROL.search(printed))
        assert "เทศบาลตำบล[31mแดง" in printed or "\\x1b85" in printed


def test_report_all_agencies_carries_on_past_a_failure_and_exits_1(tmp_path, monkeypatch, loaded):
    import ita.reports.xlsx as report_xlsx
    from ita.cli import main

    real = report_xlsx.agency_workbook

    def failing(result, *args, **kwargs):
        if result.agency.startswith("<script>"):
            raise OSError(28, "No space left on device")
        return real(result, *args, **kwargs)

    monkeypatch.setattr(report_xlsx, "agency_workbook", failing)
    monkeypatch.setenv("ITA_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    out, err = io.StringIO(), io.StringIO()
    folder = tmp_path / "out"
    code = main(
        ["report", str(MARKUP), "--all-agencies", "--doc", "xlsx", "--out", str(folder), "--lang", "en"],
        out=out,
        err=err,
    )
    assert code == 1
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == len(loaded.valid) - 1 == 4  # every other agency was written
    assert all(
        len(n.encode()) <= FILE_NAME_BYTES and n.startswith("ITA-2563-") and n.endswith(".xlsx") for n in written
    )
    assert not any(n.endswith(".part") for n in written)
    assert "1 of 5 reports could not be written" in err.getvalue()
    assert "No space left on device" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not CONTROL.search(out.getvalue() + err.getvalue())


def test_report_file_names_of_the_corpus_names_are_safe(evil_results):
    from ita.reports import file_name as report_file_name

    for result in evil_results:
        for doc in ("o42", "o43", "xlsx"):
            name = report_file_name(result, doc, 12, "docx")
            assert len(name.encode()) <= FILE_NAME_BYTES and not re.search(r'[\\/:*?"<>|\x00-\x1f]', name)


# --------------------------------------------------------------------------- every page, with those names


@pytest.fixture
def evil_app(tmp_path, monkeypatch, loaded):
    """A database holding the markup file (under a markup file name) and measures with markup text for the
    first agency, as the pages find them after an upload and an edit."""
    from ita.measures.model import Measure
    from ita.measures.store import open_store
    from ita.storage import datasets
    from ita.storage.db import engine_for

    url = f"sqlite:///{tmp_path / 'ita.db'}"
    monkeypatch.setenv("ITA_DATABASE_URL", url)
    monkeypatch.setenv("ITA_REPORT_CHARTS", "0")
    st.cache_resource.clear()
    st.cache_data.clear()
    engine = engine_for(url)
    datasets.prepare(engine)
    datasets.add(engine, EVIL_FILE_NAME, MARKUP.read_bytes(), uploaded_by="[ผู้ใช้](http://evil.example/u)")
    row = loaded.valid.iloc[0]
    store = open_store(url)
    made = store.create_measure(
        Measure(
            agency_key=row["agency_key"],
            agency=row["agency"],
            year=2564,
            title="[มาตรการ](http://evil.example/m) <img src=x>",
            indicators=(1,),
            responsible="<a href='http://evil.example'>กอง</a>",
        ),
        who="<b>ผู้ทดสอบ</b>",
    )
    store.update_follow_up(
        made.id,
        6,
        {"status": "in_progress", "progress": 40, "done": "**ทำ** ![x](http://evil.example/x.png)"},
        expected_version=store.follow_up(made.id, 6).version,
        who="ทดสอบ",
    )
    deleted = store.create_measure(
        Measure(
            agency_key=row["agency_key"], agency=row["agency"], year=2564, title="![ลบ](http://evil.example/d.png)"
        ),
        who="ทดสอบ",
    )
    store.delete_measure(deleted.id, deleted.version, "ทดสอบ")
    yield loaded
    st.cache_resource.clear()


MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")


def rendered_markdown(at: AppTest) -> list[str]:
    """Every value Streamlit renders as Markdown: text elements, alerts, metric labels and values, and the
    labels of tabs, expanders, buttons and widgets, radio options."""
    values = [e.value for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    values += [v for m in at.metric for v in (m.label, m.value)]
    values += [
        e.label
        for kind in (
            "tabs",
            "expander",
            "button",
            "checkbox",
            "toggle",
            "text_area",
            "text_input",
            "selectbox",
            "multiselect",
            "slider",
            "number_input",
            "radio",
        )
        for e in getattr(at, kind)
    ]
    values += [o for r in at.radio for o in r.options]
    return [str(v) for v in values if v]


def assert_page_is_plain(at: AppTest, must_show: list[str]) -> None:
    assert not at.exception, at.exception
    shown = rendered_markdown(at)
    for value in shown:
        assert_plain_markdown(value, "page")
    for body in (str(e.proto.body) for e in at.get("html")):
        assert not re.search(r"<(img|script|a )|\*\*ตัวหนา", body), body
    for element in at.get("plotly_chart"):
        assert_plain_figure(json.loads(element.proto.spec))
    everything = "\n".join(shown)
    for text in must_show:  # the names are on the page, escaped: the checks above are not vacuous
        assert markdown(text) in everything, text


def open_app(path: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for name, value in query.items():
        at.query_params[name] = value
    at.session_state["editor_name"] = "ทดสอบ"
    if path:  # chosen before the first run, as a deep link opens it (see tests/app/test_pages.py)
        at.switch_page(f"pages/{path}.py")
    return at.run()


def test_agency_page_shows_names_as_text(evil_app):
    valid = evil_app.valid
    for _, row in valid.iloc[:2].iterrows():
        at = open_app(agency=row["agency_key"], year="2563", peers="province")
        assert at.title[0].value == markdown(row["agency"])
        assert_page_is_plain(at, [row["agency"], row["province"]])


def test_overview_page_shows_names_as_text(evil_app):
    provinces = sorted(set(evil_app.valid["province"]) - {"สกลนคร"})  # only the agencies with markup names
    at = open_app("overview", year="2563")
    at.sidebar.multiselect(key="ov_provinces").set_value(provinces).run()
    assert_page_is_plain(at, [])
    heat = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert any("&lt;script&gt;" in s for s in _strings(heat["data"][0]["y"]))


def test_present_page_shows_names_as_text(evil_app):
    row = evil_app.valid.iloc[1]
    at = open_app(agency=row["agency_key"], year="2563", present="1", peers="province")
    assert_page_is_plain(at, [row["agency"]])
    for _ in range(8):
        at.button(key="present_next").click().run()
        assert_page_is_plain(at, [row["agency"]])


def test_data_page_shows_file_names_as_text(evil_app):
    at = open_app("data")
    assert_page_is_plain(at, [EVIL_FILE_NAME, "[ผู้ใช้](http://evil.example/u)"])


def test_measures_and_follow_up_pages_show_measure_text_as_text(evil_app):
    row = evil_app.valid.iloc[0]
    at = open_app("measures", agency=row["agency_key"], fy="2564")
    assert_page_is_plain(at, [row["agency"], "![ลบ](http://evil.example/d.png)"])
    at = open_app("followup", agency=row["agency_key"], fy="2564")
    assert_page_is_plain(at, [row["agency"]])
    units = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert any("&lt;a href=" in s for s in _strings(units["data"][0]["y"]))


def test_report_page_shows_names_as_text_and_names_its_files_safely(evil_app):
    row = evil_app.valid.loc[evil_app.valid["agency"] == corpus.LONG_THAI_NAME].iloc[0]
    at = AppTest.from_file(str(ROOT / "pages" / "report.py"), default_timeout=120)  # as tests/app/test_report_page.py
    at.query_params["agency"], at.query_params["year"] = row["agency_key"], "2563"
    at.run()
    assert_page_is_plain(at, [])
    at.button(key="report_generate").click().run()
    assert not at.exception, at.exception
    files = at.session_state["report_files"]
    for key in ("docx_name", "xlsx_name"):
        assert len(files[key].encode()) <= FILE_NAME_BYTES and "องค์การบริหารส่วนตำบล" in files[key]
    assert _assert_no_formula(files["xlsx"]) > 10


# --------------------------------------------------------------------------- a convention that keeps it so

TEXT_CALLS = {
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "warning",
    "error",
    "success",
    "write",
    "toast",
    "metric",
    "expander",
    "tabs",
    "button",
    "page_link",
    "text_input",
    "text_area",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "toggle",
    "number_input",
    "slider",
    "download_button",
    "segmented_control",
    "pills",
    "popover",
    "form_submit_button",
}
SAFE_CALLS = {"md", "tr", "html"}  # ita.app.state.md / ita.app.state.tr / ita.common.plaintext.html
# Values a page may put into Markdown as they are: numbers and codes the program makes, never text from a file.
SAFE_VALUES = {"mark", "view.year", "scope.year", "slide.width", "slide.height", "row.number", "year", "step"}


def _unsafe_parts(node) -> list[str]:
    import ast

    if isinstance(node, ast.Constant) or (isinstance(node, ast.Call) and getattr(node.func, "id", "") in SAFE_CALLS):
        return []
    if isinstance(node, ast.JoinedStr):
        return [
            part
            for value in node.values
            if isinstance(value, ast.FormattedValue) and value.format_spec is None
            for part in _unsafe_parts(value.value)
            if ast.unparse(value.value) not in SAFE_VALUES
        ]
    if isinstance(node, ast.BinOp):
        return _unsafe_parts(node.left) + _unsafe_parts(node.right)
    if isinstance(node, ast.IfExp):
        return _unsafe_parts(node.body) + _unsafe_parts(node.orelse)
    if isinstance(node, (ast.List, ast.Tuple)):  # st.tabs([...])
        return [part for element in node.elts for part in _unsafe_parts(element)]
    if isinstance(node, ast.ListComp):  # st.tabs([tr(key) for key in ...]): each element as written
        return _unsafe_parts(node.elt)
    return [ast.unparse(node)]


@pytest.mark.parametrize(
    "path",
    sorted(
        p.relative_to(ROOT).as_posix()
        for p in [ROOT / "app.py", *(ROOT / "ita" / "app").glob("*.py"), *(ROOT / "pages").glob("*.py")]
    ),
)
def test_pages_put_text_into_markdown_only_through_md_or_tr(path):
    """The first argument (the body or label) of every Streamlit call that renders Markdown is catalogue text
    (``tr``), escaped data (``md``) or a literal; an f-string holds only those and numbers. A page link's first
    argument is the page: its Markdown is its ``label``."""
    import ast

    def markdown_of(call):
        if call.func.attr == "page_link":
            return next((k.value for k in call.keywords if k.arg == "label"), None)
        return call.args[0] if call.args else None

    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found = [
        f"line {call.lineno}: {part}"
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in TEXT_CALLS
        and (text := markdown_of(call)) is not None
        for part in _unsafe_parts(text)
    ]
    assert not found, f"{path}: text into Markdown without md()/tr(): {found}"


def test_a_message_quoting_a_cell_shows_its_invisible_characters():
    """A score cell "\\x1b85" reads as 85 in Excel; the error says why it is not a number here."""
    from ita.io.values import display

    assert display("\x1b85") == "‹U+001B›85"
    assert display("ก\u202eข") == "ก‹U+202E›ข"
    assert display("85.5") == "85.5"


def test_a_long_title_is_quoted_short_in_a_message_and_never_cut_inside_a_syllable():
    """A review: a 4,800-character measure title quoted whole in 'Saved the changes to "…"' filled the screen; a
    refusal put the reason after it, out of sight."""
    from ita.common.text import QUOTED_CHARS, t

    title = "มาตรการส่งเสริมคุณธรรม" * 200
    said = t("me_updated", "th", title=title)
    quoted = said.split('"')[1]
    assert quoted.endswith("…") and len(quoted) <= QUOTED_CHARS + 1 and title.startswith(quoted[:-1])
    cut = len(quoted) - 1  # where the title was cut: never before a letter's marks, nor after a leading vowel
    assert title[cut] not in "ิีึืุู่้๊๋ัำ" and title[cut - 1] not in "เแโใไ"
    assert t("me_updated", "en", title="สั้น") == 'Saved the changes to "สั้น".'


def test_a_name_that_starts_like_a_formula_is_read_as_text_and_said():
    """A review: '=HYPERLINK("http://evil","x")' as an agency's name was imported without a word, and every new
    visitor then landed on a page titled so. It stays text (never run, anywhere it is written), and is said."""
    import csv
    import io

    from helpers import INDICATOR_HEADERS, SEED_SCORES

    from ita.io.importer import load_files

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ชื่อหน่วยงาน", *INDICATOR_HEADERS])
    for name in ('=HYPERLINK("http://evil","x")', "@SUM(A1)", "อบต.ไร่", "- ทต.นา"):
        writer.writerow([name, *SEED_SCORES])
    result = load_files([("ita-2563.csv", out.getvalue().encode("utf-8"))])
    said = result.problems[result.problems["code"] == "name_like_formula"]
    assert len(said) == 1 and said["row"].iloc[0] == 2 and said["column"].iloc[0] == "A"
    assert 'A2 "=HYPERLINK' in said["message_en"].iloc[0] and "A3" in said["message_en"].iloc[0]
    assert "A5" not in said["message_en"].iloc[0]  # a list's dash before a name is no formula
    assert '=HYPERLINK("http://evil","x")' in set(result.valid["agency"])  # kept, as text
