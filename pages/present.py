"""Presentation mode: one view per step for a meeting, large type, high contrast, no sidebar.

Opened from the sidebar button or with ?present=1 in any link. The overview gets a deck about its agencies (with
its filters), every other page the deck about one agency (``?deck=`` chooses). ←/→ keys or the buttons move between
steps, the step is in the URL (?step=3) so a link reopens it, and "ออก" or Esc goes back to the page it came from."""

import streamlit as st

from ita.app import ensure_router, param, set_param, tr, url_params
from ita.app.agency_deck import agency_slide
from ita.app.overview_deck import overview_slide
from ita.app.viewport import viewport_size
from ita.common.plaintext import html
from ita.views.present import DECKS, PRESENTATION_CSS, Slide, clamp_step, deck_for, origin_page

ensure_router()
if st.session_state.pop("present_leave", False):  # "ออก" or Esc: back to the page the deck was opened from
    st.switch_page(origin_page(param("from")), query_params=url_params("present", "step", "from", "deck"))
st.html(PRESENTATION_CSS)
slide = Slide(*viewport_size())  # charts and type sized to the window, so no slide scrolls
st.html(slide.css)
deck = deck_for(param("deck"), param("from"))
steps = DECKS[deck]
step = clamp_step(param("step"), len(steps))
framework_id = (overview_slide if deck == "overview" else agency_slide)(steps[step - 1], slide)


def go(to: int) -> None:
    set_param("step", str(clamp_step(to, len(steps))))


def leave() -> None:
    st.session_state["present_leave"] = True  # switched above on the next run: a callback cannot switch pages


# The buttons at the screen's foot on every slide, where the presenter's pointer waits (in the flow of each slide
# they stood at another height on each, a short slide's in its middle).
nav = st.container(key="present_nav")
left, middle, right, end = nav.columns([1, 3, 1, 1])
left.button(
    tr("present_previous"),
    on_click=go,
    args=(step - 1,),
    disabled=step == 1,
    shortcut="Left",
    key="present_prev",
    icon=":material/arrow_back:",
)
middle.markdown(
    # data-slide: the size the slide was laid out for (a browser test waits for its own window's size).
    f"<div class='present-footer' data-slide='{slide.width}x{slide.height}'>"
    f"{html(tr('present_step', step=step, count=len(steps)))} · {html(framework_id)}</div>",
    unsafe_allow_html=True,
)
right.button(
    tr("present_next"),
    on_click=go,
    args=(step + 1,),
    disabled=step == len(steps),
    shortcut="Right",
    key="present_next",
    type="primary",
    icon=":material/arrow_forward:",
)
end.button(tr("present_exit"), on_click=leave, key="present_exit", shortcut="Esc", icon=":material/close:")
