"""Conventions as tests: the seam between ita/ and Streamlit, and data kept as data."""

from __future__ import annotations

import ast

import pytest
from helpers import ROOT

ITA = ROOT / "ita"
APP = ITA / "app"  # the only package of ita/ that knows Streamlit
# Packages that read and judge results must not reach up into the ones that keep state or draw: a package listed
# here imports nothing from the packages beside it.
MUST_NOT_IMPORT = {
    "io": {"measures", "reports", "storage", "app", "views"},
    "rules": {"io", "analysis", "measures", "reports", "storage", "app", "views"},
    "analysis": {"measures", "reports", "storage", "app"},
    "common": {"io", "rules", "analysis", "measures", "reports", "storage", "app", "views", "access"},
    # Who may do what is asked by the stores; it knows nothing of them, of results or of pages.
    "access": {"io", "rules", "analysis", "measures", "reports", "storage", "app", "views", "web"},
    # The sign-in routes speak HTTP beside Streamlit, never through it.
    "web": {"app", "views", "reports", "analysis"},
}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            if node.module == "ita":  # from ita import storage: a package by name
                yield from (f"ita.{alias.name}" for alias in node.names)


def test_ita_imports_no_streamlit_outside_its_app_package():
    offenders = [
        p.relative_to(ITA).as_posix()
        for p in ITA.rglob("*.py")
        if APP not in p.parents and any(m.split(".")[0] == "streamlit" for m in imported_modules(p))
    ]
    assert offenders == []
    assert any(m.split(".")[0] == "streamlit" for m in imported_modules(APP / "widgets.py"))  # the check sees imports


def test_packages_import_only_in_their_direction():
    offenders = []
    for package, forbidden in MUST_NOT_IMPORT.items():
        for path in (ITA / package).rglob("*.py"):
            for module in imported_modules(path):
                parts = module.split(".")
                if parts[0] == "ita" and len(parts) > 1 and parts[1] in forbidden:
                    offenders.append(f"{path.relative_to(ITA).as_posix()} imports {module}")
    assert offenders == []


MAX_MODULE_LINES = 500  # issue 9: a module longer than this is two concerns; split it by concern


def test_no_module_is_longer_than_the_limit():
    sources = [*ITA.rglob("*.py"), ROOT / "app.py", *(ROOT / "pages").glob("*.py")]
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in sources
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"over {MAX_MODULE_LINES} lines: {long}"


def test_the_folder_tree_is_the_architecture():
    """Every module of ita/ lives in a package by concern; only the entry points stay at the top."""
    top = sorted(p.name for p in ITA.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py"]
    assert {p.name for p in ITA.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == {
        "access",
        "analysis",
        "app",
        "common",
        "io",
        "measures",
        "reports",
        "rules",
        "storage",
        "views",
        "web",
    }


def year_comparisons(source: str) -> list[int]:
    """Lines of ``source`` that compare with a fiscal year written as a number, on either side of the operator
    (``year >= 2566``, ``2566 <= year``, ``2562 < year < 2570``)."""

    def is_year(node: ast.expr) -> bool:
        return isinstance(node, ast.Constant) and type(node.value) is int and 2562 <= node.value <= 2570

    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Compare) and any(map(is_year, [node.left, *node.comparators]))
    ]


@pytest.mark.parametrize(
    "source, found",
    [("year >= 2566", [1]), ("2566 <= year", [1]), ("2562 < y < 2570", [1]), ("x = 2566", []), ("score >= 95", [])],
)
def test_the_year_check_reads_both_sides_of_a_comparison(source, found):
    assert year_comparisons(source) == found


def test_no_grading_branch_on_the_year_in_code():
    """Grading rules are data: no `year >= 2566`-style comparisons in ita/."""
    offenders = [
        f"{path.relative_to(ITA).as_posix()}:{line}"
        for path in ITA.rglob("*.py")
        for line in year_comparisons(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def server_dates(source: str) -> list[int]:
    """Lines that ask for today's date or the time without a zone: the server's clock (UTC), not the office's."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args and not node.keywords:
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            asked = {("date", "today"), ("datetime", "today"), ("datetime", "now"), ("datetime", "utcnow")}
            if (name, node.func.attr) in asked:
                found.append(node.lineno)
    return found


@pytest.mark.parametrize(
    "source,found",
    [
        ("x = dt.date.today()", [1]),
        ("x = datetime.now()", [1]),
        ("x = dt.datetime.utcnow()", [1]),
        ("x = dt.datetime.now(tz)", []),
        ("x = dt.datetime.now(tz=zone)", []),
    ],
)
def test_the_date_check_sees_every_way_of_asking(source, found):
    assert server_dates(source) == found


def test_no_date_is_the_servers_own():
    """A reviewer's follow-up page, at 04:40 in Bangkok on a UTC server, listed what was late "as of" the day before.
    Today is the office's (ita.common.thai.local_today), a moment is UTC with its zone."""
    offenders = [
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for path in [*ITA.rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
        for line in server_dates(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_catalogue_entry_has_thai_and_english():
    from ita.common.text import catalogue

    missing = [key for key, entry in catalogue().items() if not entry.get("th") or not entry.get("en")]
    assert missing == []


# English texts whose {count} is never 1: a workbook over the sheet limit, tables stacked or side by side (two at
# least), all the indicators a year has.
NEVER_ONE = {"too_many_sheets", "stacked_tables", "side_by_side_tables", "sheet_partial_indicators"}


def test_every_english_count_has_its_singular():
    """'Save (1 rows)', 'Nothing saved: 1 problems' (a review): an English text that counts with a plural noun
    says one with ``en_one``."""
    import re

    from ita.common.text import catalogue, t

    counted = {k for k, e in catalogue().items() if re.search(r"\{count\} [A-Za-z]+s\b", e.get("en", ""))}
    missing = sorted(k for k in counted - NEVER_ONE if "en_one" not in catalogue()[k])
    assert counted and missing == []
    assert t("m_save", "en", count=1) == "Save (1 row)" and t("m_save", "en", count=2) == "Save (2 rows)"


def test_every_problem_code_used_in_code_is_in_the_catalogue():
    import re

    from ita.common.text import catalogue

    used = set()
    for path in ITA.rglob("*.py"):
        used |= set(re.findall(r'(?:ERROR|WARNING|INFO),\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(catalogue())
