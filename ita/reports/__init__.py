"""Reports: the yearly O42 and O43 documents (``.docx``) and an agency's ``.xlsx`` workbook.

    result = agency_year(table, agency_key, 2563)          # ita.analysis.agency: the assessment year analysed
    draft = draft_document(result, measures, "o42")         # editable Thai texts
    rendered = render_document(result, measures, "o42", draft=draft)
    rendered.content                                        # .docx bytes
    agency_workbook(result, measures, history=rows)          # .xlsx bytes

Years: ``--year``/the picker name the assessment year whose results are analysed (2563 for the seed).
The O42 sets measures for the next fiscal year (2564); the O43 reports those measures' follow-up.
Pure Python: nothing here imports Streamlit.
"""

from __future__ import annotations

import importlib
from typing import Any

# Public names and the module that defines each. Loaded on first use, so that ``python -m ita check``
# does not pay for python-docx and Plotly.
_EXPORTS = {
    "O42Draft": "draft",
    "O43Draft": "o43_draft",
    "Signers": "draft",
    "draft_o42": "draft",
    "draft_o43": "o43_draft",
    "findings": "draft",
    "Rendered": "o42",
    "render_o42": "o42",
    "render_o43": "o43",
    "ReportStyle": "templates",
    "Templates": "templates",
    "load_templates": "templates",
    "agency_workbook": "xlsx",
    "DOCS": "documents",
    "draft_document": "documents",
    "framework_doubt": "documents",
    "weakness_unanswered": "documents",
    "measures_incomplete": "documents",
    "went_back": "documents",
    "unreported": "documents",
    "name_written_short": "documents",
    "render_document": "documents",
    "file_name": "documents",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'ita.reports' has no attribute {name!r}")
    return getattr(importlib.import_module(f"ita.reports.{_EXPORTS[name]}"), name)
