"""Reports: draft the O42 or O43 of the chosen agency and year, edit the text, then generate .docx and .xlsx.

The drafted text of each section is shown first, in text boxes; the files are built only when the button is
pressed (not on every rerun), from whatever the boxes hold.
"""

import hashlib

import streamlit as st

from ita.analysis.agency import agency_year
from ita.app import (
    box_height,
    choice_from_url,
    choice_to_url,
    current_table,
    ensure_router,
    keep_widgets,
    lang,
    md,
    measure_keys,
    measure_store,
    report_texts,
    restore_widgets,
    select_agency_year,
    stop,
    tr,
)
from ita.measures.model import ROUNDS
from ita.measures.rounds import measures_fingerprint
from ita.reports import (
    DOCS,
    Signers,
    agency_workbook,
    draft_document,
    file_name,
    framework_doubt,
    load_templates,
    measures_incomplete,
    name_written_short,
    render_document,
    unreported,
    weakness_unanswered,
    went_back,
)
from ita.storage.db import DatabaseError

ensure_router()
st.title(tr("page_report"))
st.caption(tr("report_caption"))

table = current_table()
valid = table.loc[~table["has_error"]] if "has_error" in table else table
agency_key, year = select_agency_year(valid, valid_only=True)
if agency_key is None:
    st.info(tr("report_no_data"))
    stop()

# Each choice is in the URL (``?doc=o43&round=12``): a shared link opens the same document. Each control has the
# page's width: the two documents' names side by side do not fit in part of it (the second was cut).
choice_from_url("doc", DOCS)
doc = (
    st.segmented_control(
        tr("report_doc"),
        list(DOCS),
        default=DOCS[0],
        key="doc",
        on_change=choice_to_url,
        args=("doc",),
        format_func=lambda d: tr(f"report_doc_{d}"),
    )
    or DOCS[0]
)
round_months = None
if doc == "o43":
    choice_from_url("round", ROUNDS)  # the follow-up page's round, in the URL the same way
    round_months = (
        st.segmented_control(
            tr("report_round"),
            list(ROUNDS),
            default=ROUNDS[0],
            key="round",
            on_change=choice_to_url,
            args=("round",),
            format_func=lambda r: tr(f"report_round_{r}"),
        )
        or ROUNDS[0]
    )

result = agency_year(valid, agency_key, year)
if result is None:
    st.warning(tr("agency_not_scored", year=year))
    stop()
measures, store_problem = [], ""
try:
    measures = measure_store().measures_with_follow_ups(measure_keys(result.agency_key), result.measure_year)
except Exception as exc:  # noqa: BLE001 - a report without measures is still useful; say why they are missing
    store_problem = exc.message(lang()) if isinstance(exc, DatabaseError) else str(exc)[:200]
st.caption(tr("report_years", result_year=result.year, measure_year=result.measure_year, count=len(measures)))
if doubt := framework_doubt(result, lang()):
    st.warning(md(doubt), icon=":material/fact_check:")
if short := name_written_short(result, lang()):  # printed on the cover and signatures as it is
    st.warning(md(short), icon=":material/badge:")
if doc == "o42" and (unanswered := weakness_unanswered(result, measures, lang())):  # advice, never in the O42
    st.warning(md(unanswered), icon=":material/fact_check:")
if doc == "o42" and (incomplete := measures_incomplete(measures, lang())):  # empty cells in the O42's table
    st.warning(md(incomplete), icon=":material/edit_note:")
if doc == "o43" and round_months and (lacking := unreported(measures, round_months, lang())):  # "result unknown"
    st.warning(md(lacking), icon=":material/fact_check:")
if doc == "o43" and round_months == 12 and (back := went_back(measures, lang())):  # done at 6, not started at 12
    st.warning(md(back), icon=":material/fact_check:")
if store_problem:
    st.warning(tr("report_store_unavailable", reason=store_problem))
elif not measures and doc == "o43":  # a report of no measures says the agency set none: published, it says so
    st.warning(tr("report_no_measures_o43", year=result.measure_year), icon=":material/report:")
elif not measures:
    st.info(tr("report_no_measures", year=result.measure_year))

# The draft: regenerated every run (cheap); the boxes keep the user's text until the choice changes.
signer_key = {
    name: f"report_sign_{name}" for name in ("prepared_by", "prepared_position", "approved_by", "approved_position")
}
KEPT = "_report_kept"  # the boxes' text while the user is on another page (Streamlit drops widget values then)
restore_widgets(KEPT)
signers = Signers(**{name: st.session_state.get(key, "") for name, key in signer_key.items()})
draft = draft_document(result, measures, doc, round_months, signers=signers)
scope = hashlib.sha1(f"{agency_key}|{year}|{doc}|{round_months}|{measures_fingerprint(measures)}".encode()).hexdigest()[
    :12
]


def box_key(name: str) -> str:
    return signer_key[draft.SIGNERS[name]] if name in draft.SIGNERS else f"report_text_{name}"


def issue_key(number: int, part: str) -> str:
    return f"report_issue_{number}_{part}"


issues = getattr(draft, "issues", ())
saved_scope = (agency_key, year, doc, round_months)  # the texts are kept in the database under this
fingerprint = measures_fingerprint(measures)


def drafted_boxes() -> dict[str, str]:
    """Each box's session key and its drafted text (a signer's box: empty, its placeholder the draft's)."""
    boxes = {box_key(name): "" if name in draft.SIGNERS else text for name, text in draft.texts().items()}
    return boxes | {issue_key(r.number, part): getattr(r, part) for r in issues for part in ("assessment", "improve")}


def open_texts() -> None:
    """The boxes on the texts saved for this document, else the draft."""
    report_texts.open_boxes(saved_scope, drafted_boxes(), fingerprint)
    st.session_state["report_scope"] = scope


def redraft() -> None:
    """'Reset the drafted text': the saved texts dropped, every box but the signers' on the draft."""
    drafted = drafted_boxes()
    for key, text in drafted.items():
        if not key.startswith("report_sign_"):
            st.session_state[key] = text
    report_texts.forget(saved_scope, {key: st.session_state.get(key, "") for key in drafted})
    st.session_state.pop(ASKED, None)
    st.session_state["report_scope"] = scope


if st.session_state.get("report_scope") != scope or any(
    box_key(name) not in st.session_state for name in draft.TEXT_FIELDS if name not in draft.SIGNERS
):
    open_texts()


def issue_boxes() -> None:
    """Section 4's tables: per indicator, its assessment and what to improve, side by side."""
    st.subheader(tr("report_issues"))
    names = {i.number: i.name_th if lang() == "th" else i.name_en for i in result.framework.indicators}
    for row in issues:  # the document's text is Thai; the page's label is in the page's language
        name = names.get(row.number, row.indicator)
        st.markdown(f"**{md(row.tool)} · {tr('report_issue_indicator')} {row.number} {md(name)}** ({row.score:.2f})")
        a, b = st.columns(2)
        for column, part in ((a, "assessment"), (b, "improve")):
            key = issue_key(row.number, part)  # half the width: about 45 letters a line
            column.text_area(tr(f"report_issue_{part}"), key=key, height=box_height(st.session_state[key], 45))


st.subheader(tr("report_sections"))
saved_note = st.empty()  # who saved the texts and when, once this run has saved them
clash_place = st.container()  # a box a colleague saved first: theirs, and the choice (once this run has tried)
for name in draft.TEXT_FIELDS:  # in the document's order, section 4's tables in their place
    if name in draft.SIGNERS:
        continue
    st.text_area(tr(f"report_field_{name}"), key=box_key(name), height=box_height(st.session_state[box_key(name)]))
    if issues and name == draft.ISSUES_AFTER:
        issue_boxes()

st.subheader(tr("report_signers"))
cols = st.columns(2)
drafted = draft.texts()  # a signer box left empty takes the draft's own (the head's position), shown greyed
for k, name in enumerate(n for n in draft.TEXT_FIELDS if n in draft.SIGNERS):
    cols[k % 2].text_input(tr(f"report_field_{name}"), key=box_key(name), placeholder=drafted[name])

boxes = [box_key(name) for name in draft.TEXT_FIELDS]
keep_widgets(KEPT, boxes + [issue_key(row.number, part) for row in issues for part in ("assessment", "improve")])
report_texts.save_changes(saved_scope, drafted_boxes(), fingerprint)  # each change kept as it is made
report_texts.say_saved(saved_scope, saved_note)
report_texts.say_clashes(saved_scope, clash_place)

o1, o2, o3 = st.columns([2, 2, 2], vertical_alignment="bottom")
fonts = ["TH Sarabun New", "Sarabun"]
font = o1.selectbox(tr("report_font"), fonts, key="report_font")
thai_numerals = o2.checkbox(
    tr("report_thai_numerals"), key="report_thai_numerals", help=tr("report_thai_numerals_help")
)
ASKED = "report_reset_asked"  # the reset was asked for this document: it drops every colleague's saved texts
o3.button(
    tr("report_reset"),
    on_click=st.session_state.__setitem__,
    args=(ASKED, scope),
    key="report_reset",
    icon=":material/restart_alt:",
)
if st.session_state.get(ASKED) == scope:
    st.warning(tr("report_reset_confirm"), icon=":material/warning:")
    with st.container(horizontal=True):
        st.button(tr("report_reset_yes"), on_click=redraft, key="report_reset_yes", type="primary")
        st.button(tr("report_reset_no"), on_click=st.session_state.pop, args=(ASKED,), key="report_reset_no")

texts = {
    name: st.session_state[box_key(name)] or (drafted[name] if name in draft.SIGNERS else "")
    for name in draft.TEXT_FIELDS
}
edited = draft.with_texts(texts)
if issues:
    edited = edited.with_issue_texts(
        {
            row.number: (
                st.session_state[issue_key(row.number, "assessment")],
                st.session_state[issue_key(row.number, "improve")],
            )
            for row in issues
        }
    )
snapshot = hashlib.sha1(repr((scope, texts, getattr(edited, "issues", ()), font, thai_numerals)).encode()).hexdigest()

if st.button(tr("report_generate"), type="primary", key="report_generate", icon=":material/description:"):
    with st.spinner(tr("report_generating")):
        style = load_templates().style(font=font, thai_numerals=thai_numerals)
        rendered = render_document(result, measures, doc, round_months, draft=edited, style=style)
        history = valid.loc[valid["agency_key"] == agency_key]
        st.session_state["report_files"] = {
            "scope": scope,
            "snapshot": snapshot,
            "notes": rendered.notes,
            "docx": rendered.content,
            "docx_name": file_name(result, doc, round_months, "docx"),
            "xlsx": agency_workbook(result, measures, history=history, lang=lang()),
            "xlsx_name": file_name(result, "xlsx", None, "xlsx"),
        }

files = st.session_state.get("report_files")
if files and files["scope"] == scope:
    if files["snapshot"] != snapshot:
        st.info(tr("report_stale"))
    else:
        st.success(tr("report_ready"))
    for code in files["notes"]:
        st.warning(tr("report_chart_fallback", reason=tr(f"chart_reason_{code}")))
    d1, d2 = st.columns(2)
    d1.download_button(
        tr("report_download_docx"),
        files["docx"],
        file_name=files["docx_name"],
        key="report_dl_docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/download:",
        on_click="ignore",
    )
    d2.download_button(
        tr("report_download_xlsx"),
        files["xlsx"],
        file_name=files["xlsx_name"],
        key="report_dl_xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table:",
        on_click="ignore",
    )
