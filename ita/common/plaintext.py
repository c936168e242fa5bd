"""Text from a file or a user is data, never markup: how it goes into each place it is shown or written.

One function per destination, so every page, chart and writer does the same thing:

| function     | destination                                                                              |
|--------------|------------------------------------------------------------------------------------------|
| ``markdown`` | Streamlit's Markdown: st.markdown/caption/write/title/header, alerts, metric labels and   |
|              | values, and the labels of tabs, expanders, buttons, widgets and radio/pill options        |
| ``html``     | an ``st.html`` fragment                                                                  |
| ``chart``    | Plotly text: titles, tick labels, legend names, annotations, hover labels, customdata     |
| ``write_cell`` | an openpyxl cell: text is a string cell, never a formula                               |
| ``xml``      | python-docx runs and document properties                                                 |
| ``terminal`` | a value the command line prints                                                          |
| ``file_name`` | a file name made from a name: safe on every system, Thai kept, short                    |

Every one of them drops the characters of ``ita.common.text.UNSAFE_CHARACTERS`` (controls, direction overrides,
what XML cannot hold) or, for the terminal, shows them as escapes. Thai text passes unchanged.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from typing import Any

from ita.common.settings import env_number
from ita.common.text import UNSAFE_CHARACTERS, cut_utf8, without_unsafe_characters

# --------------------------------------------------------------------------- Streamlit Markdown


class Markdown(str):
    """Text that is Markdown already safe to render: catalogue text (trusted) whose placeholder values were
    escaped (``ita.app.state.tr``). ``markdown`` returns it unchanged, so nothing is escaped twice."""

    __slots__ = ()


# Backslash-escaped anywhere: links and images ([ ] ( ) !), emphasis and code (* _ ` ~), HTML and autolinks
# (< > &), headings, quotes and tables (# > |), math ($), Streamlit's directives and icons (:), e-mail
# autolinks (@), and the backslash itself. CommonMark reads a backslash before any ASCII punctuation as that
# character, so the text shows exactly as written.
_MD_ANYWHERE = re.compile(r"([\\`*_\[\]()!<>&#|~$:@+])")
# Meaningful only at the start of a line: a list item (- 1. 1)), a setext heading underline (=).
_MD_LINE_START = re.compile(r"(?m)^([ \t]*)([-=])")
_MD_ORDERED = re.compile(r"(?m)^([ \t]*\d+)([.)])")
# GFM turns www.example.com into a link even without a scheme.
_MD_WWW = re.compile(r"(?i)(www)\.")
# The browser's GFM links bare URLs and e-mail addresses in the text *after* escapes are resolved (remark-gfm
# transforms the parsed text), so a backslash does not stop "http\://x", "www\.x" or "a\@x" from becoming links
# (seen in Chromium, tests/test_browser_safety.py). An invisible WORD JOINER breaks each pattern instead.
_JOINER = "\u2060"
_MD_SCHEME = re.compile(r"(\\:)(?=//)")
_MD_AT = re.compile(r"(?=\\@)")


def markdown(text: Any) -> Markdown:
    """``text`` as Markdown that renders exactly that text: no link, image, HTML, emphasis, heading, list,
    math or Streamlit directive can come from it. Line breaks stay line breaks. ``Markdown`` passes as is."""
    if isinstance(text, Markdown):
        return text
    if text is None:
        return Markdown("")
    s = without_unsafe_characters(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    s = _MD_ANYWHERE.sub(r"\\\1", s)
    s = _MD_LINE_START.sub(r"\1\\\2", s)
    s = _MD_ORDERED.sub(r"\1\\\2", s)
    s = _MD_WWW.sub(rf"\1{_JOINER}\\.", s)
    s = _MD_AT.sub(_JOINER, _MD_SCHEME.sub(rf"\1{_JOINER}", s))
    return Markdown(s.replace("\n", "  \n"))  # a hard break: a line of the text stays a line on the page


# --------------------------------------------------------------------------- HTML and Plotly


def html(text: Any) -> str:
    """``text`` for an HTML fragment (``st.html``): every character shown as itself."""
    return _html.escape(without_unsafe_characters(str(text)), quote=True)


def chart(text: Any) -> str:
    """``text`` for any text of a Plotly figure. Plotly draws a subset of HTML in labels, titles, legends,
    annotations and hover text (``<b>``, ``<br>``, ``<a href>`` ...), and decodes ``&lt;``, ``&gt;``,
    ``&amp;`` and numeric entities (not ``&quot;``): so ``<``, ``>`` and ``&`` are escaped, quotes are not.
    ``%{`` becomes ``%&#123;`` so that text placed in a hover template is never read as a placeholder."""
    s = _html.escape(without_unsafe_characters(str(text)), quote=False)
    return s.replace("%{", "%&#123;")


# --------------------------------------------------------------------------- documents and spreadsheets

# What Excel, LibreOffice or Google Sheets may read as the start of a formula (or of a DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def xml(text: Any) -> str:
    """``text`` without the characters an XML document cannot hold (and controls and direction overrides),
    for python-docx (which raises on them) and openpyxl (``IllegalCharacterError``)."""
    return without_unsafe_characters(str(text))


PROPERTY_CHARS = 255  # a document property (title, author) as Office files hold it: openpyxl refuses a longer one


def file_property(text: Any) -> str:
    """``text`` as a file's own property (author, title): what XML can hold, at most ``PROPERTY_CHARS``."""
    return xml(text)[:PROPERTY_CHARS]


def write_cell(ws: Any, row: int, column: int, value: Any) -> Any:
    """Put ``value`` into the cell of an openpyxl worksheet and return the cell. Text is written as a string
    cell (``data_type`` 's': never a formula, whatever it starts with), without the characters XML forbids;
    text that starts like a formula also gets Excel's quote prefix (as typing ``'`` before it does), so
    editing the cell in Excel does not turn it into one. Other values (numbers, dates) are written as they are."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = xml(value)
        cell.value = text if text else None
        if text:
            cell.data_type = "s"
            if text.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
    elif value is not None:
        cell.value = value
    return cell


# --------------------------------------------------------------------------- the terminal


def terminal(text: Any) -> str:
    """``text`` for a line a terminal prints: control and direction characters (which a terminal would
    act on: colours, cursor moves, a line read backwards) written as visible escapes (``\\x1b``,
    ``\\u202e``); tabs and line breaks as spaces, so a table cell stays on its line."""
    s = str(text)
    if not UNSAFE_CHARACTERS.search(s) and not _BREAKS.search(s):
        return s
    s = _BREAKS.sub(" ", s)
    return UNSAFE_CHARACTERS.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), s)


_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


# --------------------------------------------------------------------------- file names

ENV_FILE_NAME_BYTES = "ITA_FILE_NAME_BYTES"
FILE_NAME_BYTES = 180  # ITA_FILE_NAME_BYTES: longest file name written (UTF-8 bytes, with the extension)
_MIN_FILE_NAME_BYTES = 32  # room for a document's prefix ('O43-2564-r12-') and a few characters of the name

# Characters Windows, macOS or Linux refuse in a name (and path separators), and whitespace: each run becomes '-'.
_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+|\s+')
_DASHES = re.compile(r"-{2,}")
# Names Windows reserves for devices, whatever the extension.
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{k}" for k in range(1, 10)), *(f"LPT{k}" for k in range(1, 10))}


def file_name_bytes() -> int:
    """The longest file name the project writes, from ``ITA_FILE_NAME_BYTES`` (default 180 UTF-8 bytes)."""
    # 255: what Linux and Windows allow for one name
    return int(env_number(ENV_FILE_NAME_BYTES, FILE_NAME_BYTES, low=_MIN_FILE_NAME_BYTES, high=255))


def file_name(
    name: Any, ext: str = "", *, prefix: str = "", tail: str = "", max_bytes: int | None = None, fallback: str = "file"
) -> str:
    """``prefix-name-tail.ext`` as a file name safe on every system: no path separator, no character a system
    refuses, no control or direction character, spaces as '-', not a reserved device name, and at most
    ``max_bytes`` UTF-8 bytes (default ``ITA_FILE_NAME_BYTES``), cut between characters and never inside a
    Thai syllable's marks. Thai is kept. ``prefix`` (chosen by the program) is kept whole; ``tail`` (what
    tells two names apart: a province, a number) is kept up to a third of the room; ``name`` is cut to fit."""
    limit = max_bytes or file_name_bytes()
    stem, suffix = _name_part(prefix), (f".{_name_part(ext)}" if ext else "")
    room = limit - len(stem.encode("utf-8")) - len(suffix.encode("utf-8")) - 2  # the two joining dashes
    end = cut_utf8(_name_part(tail), max(0, room // 3)).rstrip("-. ")
    body = cut_utf8(_name_part(name), max(1, room - len(end.encode("utf-8")))).rstrip("-. ")
    whole = "-".join(part for part in (stem, body or fallback, end) if part)
    if whole.split(".")[0].upper() in _RESERVED:
        whole = "_" + whole
    return whole + suffix


def _name_part(text: Any) -> str:
    s = without_unsafe_characters(unicodedata.normalize("NFC", str(text)))
    return _DASHES.sub("-", _NOT_IN_NAMES.sub("-", s)).strip("-. ")
