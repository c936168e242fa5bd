"""The session: the interface language and its text, remembered choices, the URL's query parameters, who edits.

A widget whose option labels are translated is keyed per language (``lkey``); its choice is kept here
(``keep``/``remembered``) or in the URL, and carried across a language switch.
"""

from __future__ import annotations

from typing import Any, NoReturn

import streamlit as st

from ita.access.roles import ADMIN, Actor
from ita.common.plaintext import Markdown, markdown
from ita.common.text import Localized, t
from ita.common.thai import arabic_digits

_CHOICE = "_choice_"  # session-state prefix of the choices kept by ``keep``
_URL_CHOICE = "url_"  # ``keep`` prefix of a choice also kept in the URL (``choice_to_url``)


def ensure_router() -> None:
    """Call first in every page. With a ``pages/`` folder beside ``app.py``, a fresh server whose first
    visit is a deep link (``/agency?...``) runs the page file alone (Streamlit's older multipage mode)
    and skips ``app.py``. Switch that mode off and rerun, so ``app.py`` and ``st.navigation`` run first."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


# --------------------------------------------------------------------------- language and text


def lang() -> str:
    """The interface language chosen in the sidebar (Thai by default)."""
    return st.session_state.get("lang", "th")


def lkey(key: str) -> str:
    """A widget key for a widget whose option labels are translated. Streamlit keeps a keyed widget's
    labels from before a language switch, so such widgets get a key per language; the choice itself is
    kept elsewhere (the URL, or ``keep``) and carried across."""
    return f"{key}.{lang()}"


def tr(key: str, **values) -> Markdown:
    """The catalogue text for ``key`` in the interface language, for any Streamlit element (they render
    Markdown): the catalogue is trusted, the values are data, so every text value is escaped (``md``)."""
    safe = {
        k: Localized(md(v.th), md(v.en)) if isinstance(v, Localized) else md(v) if isinstance(v, str) else v
        for k, v in values.items()
    }
    return Markdown(t(key, lang(), **safe))


def md(text) -> Markdown:
    """Text from a file or a user (a name, a file name, a measure, a message that carries them) for any
    Streamlit element that renders Markdown: shown exactly as written, never as a link, an image or markup.
    Text from ``tr`` is already safe and passes unchanged."""
    return markdown(text)


# --------------------------------------------------------------------------- remembered choices


def keep(key: str, value):
    """Remember ``value`` as the choice ``key`` (across reruns and language switches); returns it."""
    st.session_state[f"{_CHOICE}{key}"] = value
    return value


def remembered(key: str, default: Any = None) -> Any:
    """The choice last kept under ``key`` (``keep``), or ``default``."""
    return st.session_state.get(f"{_CHOICE}{key}", default)


def remembered_index(key: str, options: list, default: Any = None) -> int:
    """The index of the remembered choice for a translated widget (see ``lkey``), for its ``index=``."""
    value = remembered(key, default)
    return options.index(value) if value in options else 0


# --------------------------------------------------------------------------- the URL


def keep_widgets(store: str, keys: list[str]) -> None:
    """Copy these widgets' values to the plain session key ``store``. Streamlit drops a widget's value when a run
    does not draw it (the user visited another page); ``restore_widgets`` puts them back on the way in."""
    st.session_state[store] = {key: st.session_state[key] for key in keys if key in st.session_state}


def restore_widgets(store: str) -> None:
    """Before the widgets are drawn: the values ``keep_widgets`` kept, for the widgets that lost theirs."""
    for key, value in st.session_state.get(store, {}).items():
        if key not in st.session_state:
            st.session_state[key] = value


# --------------------------------------------------------------------------- the URL

# Every change of the URL Streamlit is told of is a step in the browser's history (a pushState), so a run that set
# the agency, then the year, then the peer basis made three, and Back seemed to do nothing. The URL's parameters are
# set through ``set_param`` and written once, when the run ends (``write_params``, from app.py): one step a run.
_PENDING = "_url_pending"  # session key: (the page's script hash, {name: value or None}) not yet in the URL


def _page() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx is not None else ""


def _pending() -> dict[str, str | list[str] | None]:
    page, values = st.session_state.get(_PENDING, ("", {}))
    if page != _page():  # set on another page (a run cut short): not this page's URL
        values = {}
        st.session_state[_PENDING] = (_page(), values)
    return values


def set_param(name: str, value: str | list[str] | None) -> None:
    """``name`` in the URL as ``value`` (a list: repeated; None or empty: taken out) when the run ends."""
    _pending()[name] = value


def param(name: str, default: str | None = None) -> str | None:
    """The URL's ``name`` as the run has set it so far (``set_param``), else as the browser sent it."""
    pending = _pending()
    if name in pending:
        value = pending[name]
        if isinstance(value, list):
            return value[-1] if value else default
        return default if value is None else value
    return st.query_params.get(name, default)


def param_list(name: str) -> list[str]:
    """Every value of ``name`` in the URL (``?types=a&types=b``), as the run has set it so far."""
    pending = _pending()
    if name in pending:
        value = pending[name]
        return [] if value is None else [value] if isinstance(value, str) else list(value)
    return st.query_params.get_all(name)


def _wanted_params() -> dict[str, list[str]]:
    wanted = {k: st.query_params.get_all(k) for k in st.query_params}
    for name, value in _pending().items():
        values = [] if value is None else [value] if isinstance(value, str) else list(value)
        if values:
            wanted[name] = values
        else:
            wanted.pop(name, None)
    return wanted


def write_params() -> None:
    """Write what the run set into the URL, in one change (one step of the browser's history), if anything
    changed. Called once per run, when the page has run (also when it stopped early). Only what the run set is
    written: a parameter bound to a widget (the open tab) is the widget's to change."""
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted = _wanted_params()
    st.session_state[_PENDING] = (_page(), {})
    st.session_state[_WRITTEN] = wanted
    st.session_state[_WRITTEN_ON] = _page()
    changed = {k: v for k, v in wanted.items() if current.get(k) != v}
    if changed:
        st.query_params.update(changed)
    for name in [k for k in current if k not in wanted]:  # a filter emptied, Thai again: rare, one change each
        del st.query_params[name]


# What this session last wrote into the URL (``write_params``). A widget keeps its own value from run to run, and a
# page writes that value into the URL: when the browser's Back or Forward (or a link opened in this tab) brings
# another URL, the widget's value would write the old choice straight back, and Back seemed to do nothing.
_WRITTEN = "_url_written"
_WRITTEN_ON = "_url_written_on"  # the page whose run wrote it


def url_moved(name: str) -> bool:
    """Whether the URL's ``name`` is not what this session last wrote there: the browser went Back or Forward, or a
    link was opened in this tab. The URL then says the choice, not the widget's kept value."""
    written = st.session_state.get(_WRITTEN)
    return written is not None and st.query_params.get_all(name) != written.get(name, [])


def url_moved_here(name: str) -> bool:
    """``url_moved`` on the page that last wrote the URL: what another page's URL held (the measures page's open
    tab) is no move of this page's (the agency page opened from the sidebar then went back to its first tab)."""
    return st.session_state.get(_WRITTEN_ON) == _page() and url_moved(name)


def follow_url(name: str, key: str, value: Any) -> None:
    """Before drawing the widget ``key`` whose choice the URL's ``name`` holds: when the URL moved (``url_moved``),
    ``value`` (the URL's choice, one of the widget's options; None when it names none) becomes the widget's."""
    if value is not None and url_moved(name) and st.session_state.get(key) != value:
        st.session_state[key] = value


def query_int(name: str) -> int | None:
    """A whole number kept in the URL (``?year=2563``), or None when absent or not a number."""
    value = param(name)
    return int(value) if value and str(value).isdigit() else None


_LINK_NOTICE, _PAGE_SHOWN = "_link_notice_", "_page_shown"


def page_entered(url_path: str) -> None:
    """The run's page: a link's notices (``link_notice``) are the page's they were said on, gone once another is
    opened (coming back to the overview later said again what an old link had asked for)."""
    if st.session_state.get(_PAGE_SHOWN) != url_path:
        for key in [k for k in st.session_state if str(k).startswith(_LINK_NOTICE)]:
            del st.session_state[key]
        st.session_state[_PAGE_SHOWN] = url_path


def link_notice(key: str, asked: dict[str, str] | None, shown: object) -> dict[str, str] | None:
    """What a link asked for that is not loaded (``asked``: the words of the notice), kept while the page shows
    ``shown``, what stands in for it: the URL then holds that, and the rerun a first visit makes (``ensure_router``)
    lost the notice at once. Dropped once the user changes what is shown, or opens another page."""
    state_key = f"{_LINK_NOTICE}{key}"
    if asked:
        st.session_state[state_key] = (asked, shown)
    kept = st.session_state.get(state_key)
    if kept is None:
        return None
    if kept[1] != shown:
        del st.session_state[state_key]
        return None
    return kept[0]


def choice_from_url(key: str, options: tuple[Any, ...]) -> None:
    """Before a choice whose widget key is also its URL parameter (``?round=12``, ``?doc=o43``): the URL decides it
    on a link or after back/forward. A number is read from whatever the link says (``12``, ``๑๒``, a label such as
    ``รอบ 12 เดือน`` or ``12-month round`` from an older link), a word in any case (``O43``); anything else leaves
    the choice as is."""
    said = str(param(key, "") or "")
    # Nothing in the URL (the page opened from the sidebar): the one last chosen in this session, back in the URL.
    wanted = _read_choice(said, options) if said else remembered(_URL_CHOICE + key)
    if wanted in options:
        keep(_URL_CHOICE + key, wanted)  # a link's choice is the one last shown, as a choice is
        if st.session_state.get(key) != wanted:
            st.session_state[key] = wanted
        set_param(key, str(wanted))


def _read_choice(said: str, options: tuple[Any, ...]) -> Any:
    """The option a URL's ``said`` names: a number among numbers, else the word as the options write it."""
    if all(isinstance(option, int) for option in options):
        digits = "".join(ch for ch in arabic_digits(said) if ch.isdigit())
        return int(digits) if digits else None
    return arabic_digits(said).strip().lower()


def choice_to_url(key: str) -> None:
    """The ``on_change`` of a choice read by ``choice_from_url``: the URL says the choice, in any language."""
    value = keep(_URL_CHOICE + key, st.session_state.get(key))
    set_param(key, None if value is None else str(value))


def query_list(name: str) -> list[str]:
    """A list kept in the URL (``?types=a&types=b``)."""
    return [v for v in param_list(name) if v]


def query_choices(name: str, options: list[str], key: str) -> tuple[list[str], list[str]]:
    """A multiselect's values from the URL (``query_list``) that are among ``options``, and those that are not (a
    link naming a province the data lacks: a default not in the options stopped the page). The widget's kept value
    (``key``) loses the values no longer among them too (a dataset removed)."""
    if key in st.session_state and any(v not in options for v in st.session_state[key]):
        st.session_state[key] = [v for v in st.session_state[key] if v in options]  # only then: set by the widget
    wanted = query_list(name)
    return [v for v in wanted if v in options], [v for v in wanted if v not in options]


def url_params(*drop: str, **extra: str) -> dict[str, list[str]]:
    """The URL's query parameters without ``drop`` and with ``extra``, every value kept (``?types=a&types=b``
    stays two), for ``st.switch_page(..., query_params=...)``."""
    kept = {k: v for k, v in _wanted_params().items() if k not in drop}
    return {**kept, **{k: [v] for k, v in extra.items()}}


# --------------------------------------------------------------------------- context that follows the user

CONTEXT = ("agency", "year", "peers", "fy")  # carried from page to page in the URL (and the language, below)
_CONTEXT = "_context"  # session-state key of the context last seen
LANGUAGES = ("th", "en")


def language_from_url() -> None:
    """Before the language radio exists: a link's ``?lang=en`` sets the interface language of a new session."""
    wanted = st.query_params.get("lang")
    if wanted in LANGUAGES and "lang" not in st.session_state:
        st.session_state["lang"] = wanted
    elif url_moved("lang") and st.session_state.get("lang") != (wanted or "th"):  # Back over a language switch
        st.session_state["lang"] = wanted if wanted in LANGUAGES else "th"


def context_params() -> dict[str, str]:
    """What a link to another page carries: the agency, year, peer basis, fiscal year and language as the run has
    set them (``carry_context``)."""
    names = (*CONTEXT, "lang")
    return {name: value for name in names if (value := param(name))}


def page_links(place: Any, pages: list[Any]) -> None:
    """The sidebar's links to ``pages`` in ``place`` (an ``st.empty``: drawn again, they replace the ones before),
    each carrying the context (``context_params``)."""
    with place.container():
        for each in pages:
            st.page_link(each, label=md(each.title), query_params=context_params())


_FINISH = "_finish_run"  # session key: what app.py does when a run ends (the context, the URL, the page links)


def finish_run() -> None:
    """The end of a run (app.py, and ``stop``): what the page settled is carried (``carry_context``), written into
    the URL at once (``write_params``) and into the sidebar's links."""
    carry_context()
    write_params()
    draw = st.session_state.get(_FINISH)
    if draw is not None:
        draw()


def on_finish(draw: Any) -> None:
    """What ``finish_run`` draws last (app.py: the page links, with the context the run settled)."""
    st.session_state[_FINISH] = draw


def stop() -> NoReturn:
    """``st.stop()`` for a page, after ``finish_run``: once stopped, Streamlit sends nothing more, so the URL and
    the links would keep the context the run started with."""
    finish_run()
    st.stop()
    raise AssertionError("st.stop() returned")  # for the type checker: it raises


def stop_without_data() -> NoReturn:
    """No results are loaded yet: say so, with the way to the Data page (also the way out of a presentation, which has
    no sidebar), and stop."""
    st.info(tr("empty_no_data"))
    st.page_link("pages/data.py", label=tr("empty_go_upload"), icon=":material/upload_file:")
    stop()


def carry_context() -> None:
    """The agency, year, peer basis, fiscal year and language stay in the URL from page to page: a value in the URL
    is remembered; a page opened without one (the sidebar's links carry none) gets the one remembered. Call once
    per run, before the page runs."""
    kept = st.session_state.setdefault(_CONTEXT, {})
    for name in CONTEXT:
        value = param(name)
        if value:
            kept[name] = value
        elif name in kept:
            set_param(name, kept[name])
    set_param("lang", None if lang() == "th" else lang())  # Thai is the default: a link without lang opens in Thai


# --------------------------------------------------------------------------- who edits


SIGNED_IN = "_acting_user"  # session key: the signed-in user of this run (ita.app.signin), None in personal mode


def acting_user() -> Actor:
    """Who acts, for the stores' checks and logs (``ita.access``): the signed-in user when sign-in is on; in personal
    mode the one local user, named as typed in the sidebar, with every right."""
    signed = st.session_state.get(SIGNED_IN)
    return signed if isinstance(signed, Actor) else Actor(editor_name(), ADMIN)


def editor_name() -> str:
    """Who is editing: the signed-in user when sign-in is on; in personal mode the name given in the sidebar."""
    signed = st.session_state.get(SIGNED_IN)
    return signed.name if isinstance(signed, Actor) else str(st.session_state.get("editor_name", "")).strip()
