"""Conventions as tests: the seam between ita/ and Streamlit, and data kept as data."""

from __future__ import annotations

import ast

from conftest import ROOT

ITA = ROOT / "ita"
UI_MODULES = {"ui.py"}


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_ita_imports_no_streamlit_outside_its_ui_module():
    offenders = [p.name for p in ITA.rglob("*.py") if p.name not in UI_MODULES
                 and any(m.split(".")[0] == "streamlit" for m in imported_modules(p))]
    assert offenders == []


def test_no_grading_branch_on_the_year_in_code():
    """Grading rules are data: no `year >= 2566`-style comparisons in ita/."""
    offenders = []
    for path in ITA.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and isinstance(c.value, int)
                                                     and 2562 <= c.value <= 2570 for c in node.comparators):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_every_catalogue_entry_has_thai_and_english():
    from ita.text import catalogue

    missing = [key for key, entry in catalogue().items() if not entry.get("th") or not entry.get("en")]
    assert missing == []


def test_every_problem_code_used_in_code_is_in_the_catalogue():
    import re

    from ita.text import catalogue

    used = set()
    for path in ITA.rglob("*.py"):
        used |= set(re.findall(r'(?:ERROR|WARNING|INFO),\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(catalogue())
