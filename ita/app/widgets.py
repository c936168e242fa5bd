"""Widgets shared by pages: a chart with its projector-size download, the scorecard, the what-if planner and the
messages of the last save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ita.app.grid_session import GridSession
from ita.app.state import keep_widgets, lang, md, restore_widgets, tr
from ita.app.viewport import TOUR_DONE
from ita.common.plaintext import file_name
from ita.common.settings import env_number
from ita.common.sheet_layout import text_width
from ita.rules.frameworks import band_move

PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    # The camera button of every chart downloads a PNG at projector size (1920 × 1080), drawn by the
    # browser with the app's own Sarabun font.
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
}


# Figures kept per server for every session to share (a fresh visit draws what another session already built).
FIGURE_CACHE_ENTRIES = int(env_number("ITA_FIGURE_CACHE", 1024, low=1))


@st.cache_resource(show_spinner=False, max_entries=FIGURE_CACHE_ENTRIES)
def _shared_figure(key: tuple, _build: Callable[[], Any]) -> Any:
    return _build()


def show_chart(build, name: str, *, key: str, title: str | None = None, shared: tuple | None = None) -> None:
    """Draw ``build(presentation=False)`` and offer it as a projector-size PNG (built on click with
    ``build(presentation=True)``, at the slide's type sizes and with ``title``: what and whose), besides Plotly's
    own camera button. ``shared``: what the figure depends on besides ``name`` (the data's version, the agency,
    year, language…); the figure is then built once per server and shared between sessions (never mutated)."""
    name = file_name(name, fallback="chart")  # names carry agency keys: a safe, short download name
    if shared is not None and callable(build):
        fig = _shared_figure((*shared, name, key), lambda: build(False))
    else:
        fig = build(False) if callable(build) else build
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {**PLOTLY_CONFIG["toImageButtonOptions"], "filename": name}}
    st.plotly_chart(fig, theme=None, config=config, key=key)

    def png() -> bytes:
        from ita.views.charts import to_png
        from ita.views.present import projector_png_figure

        return to_png(projector_png_figure(build(True) if callable(build) else fig, title))

    st.download_button(
        tr("download_png"),
        data=png,
        file_name=f"{name}.png",
        mime="image/png",
        key=f"{key}_png",
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
    )


def scorecard(view, lang_code: str, *, large: bool = False) -> None:
    """The total and grade, big, with pass/fail, the change and, from 2566, each tool against its floors."""
    from ita.views.scorecard import scorecard_html

    st.html(scorecard_html(view, lang_code, large=large))


def whatif_planner(view, lang_code: str) -> None:
    """Sliders for the ten indicators; the new total and grade; a button that applies the cheapest route."""
    from ita.analysis.metrics import what_if
    from ita.views import charts

    prefix = f"wi_{view.agency_key}_{view.year}_"
    keys = {ind.number: f"{prefix}{ind.number}" for ind in view.framework.indicators}
    current = dict(zip((ind.number for ind in view.framework.indicators), view.scores, strict=True))

    def apply_route() -> None:
        for step in view.next_band.route:
            st.session_state[keys[step.indicator.number]] = float(step.target)

    def reset() -> None:
        for number, key in keys.items():
            st.session_state[key] = float(current[number])

    kept = f"_kept_{prefix}"  # the values tried, for this agency and year, across a visit to another page
    restore_widgets(kept)
    for number, key in keys.items():
        st.session_state.setdefault(key, float(current[number]))
    st.markdown(tr("whatif_intro"))
    c1, c2 = st.columns(2)
    top = view.next_band.target is None  # no band above: the button is off, and says why
    c1.button(
        tr("whatif_apply_route"),
        on_click=apply_route,
        key=f"{prefix}route",
        disabled=top,
        icon=":material/route:",
    )
    if top:
        c1.caption(tr("narrative_top_band", grade=view.score.grade.label(lang_code)))
    c2.button(tr("whatif_reset"), on_click=reset, key=f"{prefix}reset", icon=":material/restart_alt:")
    cols = st.columns(2)
    for k, ind in enumerate(view.framework.indicators):
        name = ind.name_th if lang_code == "th" else ind.name_en
        cols[k // 5].slider(
            # Nothing Markdown would read ('9.' starts a list, brackets may start a link), so nothing escaped: the
            # label is also the slider's accessible name, which Streamlit gives as written, escapes and all.
            md(f"{ind.number} · {name} · {ind.tool} {ind.weight:g}%"),
            0.0,
            100.0,
            step=0.01,
            key=keys[ind.number],
            format="%.2f",
        )
    keep_widgets(kept, list(keys.values()))
    planned = {n: st.session_state[key] for n, key in keys.items()}
    after = what_if(view.scores, planned, view.framework)
    m1, m2, m3 = st.columns(3)
    change = round(after.total - view.score.total, 2)  # nothing changed: no arrow (a green "+0.00" said a gain)
    m1.metric(tr("whatif_total"), f"{after.total:.2f}", delta=f"{change:+.2f}" if change else None)
    moved = band_move(view.score.grade, after.grade)  # a drop in red and down, never a green "changes"
    m2.metric(
        tr("whatif_grade"),
        after.grade.label(lang_code),
        delta=tr(f"whatif_grade_{moved}") if moved else None,
        delta_color="green" if moved == "up" else "red",
        delta_arrow="up" if moved == "up" else "down",
    )
    m3.metric(tr("whatif_increase"), f"{sum(max(0.0, planned[n] - current[n]) for n in current):.2f}")
    show_chart(
        lambda p: charts.whatif(view.scores, list(after.indicators), view.framework, lang_code, presentation=p),
        f"what-if-{view.year}",
        key=f"{prefix}chart",
    )


BOX_LINE_PX, BOX_PADDING_PX, BOX_MIN_PX, BOX_MAX_PX = 26, 24, 80, 400


def box_height(text: str, chars_per_line: int = 100) -> int:
    """A text box's height that shows its text whole (up to ``BOX_MAX_PX``, then it scrolls): a drafted paragraph is
    read where it stands, not cut mid-sentence in a box of three lines."""
    lines = sum(1 + text_width(line) // chars_per_line for line in str(text or "").split("\n"))  # marks: no room
    return max(BOX_MIN_PX, min(BOX_MAX_PX, BOX_LINE_PX * lines + BOX_PADDING_PX))


def show_feedback(key: str) -> None:
    """Messages of the last save (kept in session_state under ``key`` across the rerun that follows it)."""
    for kind, text in st.session_state.get(key, []):
        getattr(st, kind)(md(text))  # plain text (names, measure titles) unless it came from ``tr``


def save_bar(grid: GridSession, save: Callable[[], None], *, who: str, prefix: str, help_key: str) -> None:
    """Under an editable grid: save its pending edits (counted on the button), reload a fresh snapshot, a hint.
    Saving waits for a name (``who``) and for something to save."""
    from ita.measures.grid import pending_changes

    pending = pending_changes(grid.edits)
    # A row of buttons as wide as their words (in fixed columns at 1024 they read "บันทึก (0 แ…", "โหลดใหม่จา…"),
    # wrapping onto a second line rather than cutting them; the hint under them.
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(
            tr("m_save", count=pending),
            on_click=save,
            key=f"{prefix}_save",
            type="primary",
            disabled=not who or not pending,
            icon=":material/save:",
        )
        st.button(tr("m_reload"), on_click=grid.reload, key=f"{prefix}_reload", icon=":material/refresh:")
    st.caption(tr(help_key))


def _css_text(text: str) -> str:
    """Catalogue text as a CSS string (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# Streamlit's own words that a stylesheet can reach, each with its catalogue key: the file uploader's button and
# limit, and a multiselect's "Select all", "Select N matches" and "No results". Thai text in place of Streamlit's
# English, drawn after the original made invisible (size 0).
_CHROME = {
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p': ("uploader_button", "1rem"),
    # Each uploader says the types it takes: results files on the Data page, a measures workbook on Measures.
    '.st-key-upload_files [data-testid="stFileUploaderDropzoneInstructions"] span': ("uploader_limit", "0.85rem"),
    '.st-key-m_import_file [data-testid="stFileUploaderDropzoneInstructions"] span': ("uploader_limit_xlsx", "0.85rem"),
    '[role="option"][data-key="__select_all__"] [data-item-hl]': ("select_all", "0.875rem"),
    '[role="option"][data-key="__select_matches__"] [data-item-hl]': ("select_matches", "0.875rem"),
    '[role="listbox"][data-empty] [role="option"] span': ("select_no_results", "0.875rem"),
}


CHART_MIN_WIDTH_REM = 28  # a chart's narrowest column (448 px): two side by side need a page this wide each


def widget_chrome() -> None:
    """Streamlit's own words on widgets (the uploader's "Upload" and "60MB per file", a multiselect's "Select all"…)
    in the interface language; the uploader's limit is the one the importer applies (``ITA_MAX_FILE_MB``), not the
    transport's."""
    from ita.common.text import t
    from ita.io.reading import Limits

    mb = f"{Limits.from_env().max_file_mb:g}"
    rules = "".join(
        f"{where} {{font-size: 0 !important;}}"
        f"{where}::after {{content: {_css_text(t(key, lang(), mb=mb))}; font-size: {size};}}"
        for where, (key, size) in _CHROME.items()
    )
    st.html(
        f"<style>{rules}"
        # The browser-state component (ita.app.viewport) takes no room on any page.
        ".st-key-viewport, [data-testid='stElementContainer']:has(iframe[title*='ita_viewport'])"
        " {position: absolute !important; height: 0 !important; margin: 0 !important; overflow: hidden;}"
        # The first-visit tour waits for the browser to say it has not closed it before (ita.app.viewport), then floats
        # at the window's foot: shown in place, it pushed the page down ~180 px as it came, and a click meant for a
        # grid's row landed on the next.
        ".st-key-tour {display: none; position: fixed; bottom: 1.25rem; right: 1.25rem; z-index: 999990;"
        " width: min(36rem, calc(100vw - 2.5rem)); background: #fff; box-shadow: 0 4px 18px rgba(0, 0, 0, 0.18);}"
        # Charts side by side go one under the other where the page is too narrow for two (1024 wide beside the
        # sidebar: each was 300 px, its labels drawn on each other); never on a slide, laid out for its screen.
        "[data-testid='stMain']:not(:has(.present-footer)) [data-testid='stHorizontalBlock']:has(.js-plotly-plot)"
        " {flex-wrap: wrap;}"
        "[data-testid='stMain']:not(:has(.present-footer)) [data-testid='stHorizontalBlock']:has(.js-plotly-plot)"
        f" > [data-testid='stColumn'] {{min-width: min(100%, {CHART_MIN_WIDTH_REM}rem);}}"
        # A metric's value wraps rather than end in "…": a grade's label is read whole ("ต้องปรับปรุงโดยด่วน").
        "[data-testid='stMetricValue'], [data-testid='stMetricValue'] * {white-space: normal !important;"
        " overflow: visible !important; text-overflow: clip !important;}"
        "</style>"
    )


def _end_tour() -> None:
    st.session_state[TOUR_DONE] = True


def first_visit_tour() -> None:
    """One line on what each page is for, until the user closes it: in this session, and in this browser for good
    (the browser keeps that it was closed and shows the tour only where it was not: ``static/viewport``)."""
    if st.session_state.get(TOUR_DONE):
        return
    with st.container(border=True, key="tour"):
        st.markdown(tr("tour_text"))
        st.button(tr("tour_close"), key="tour_close", on_click=_end_tour, icon=":material/check:")
