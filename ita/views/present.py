"""Presentation mode: the steps of a meeting, as data. Each step is one view, shown full-screen."""

from __future__ import annotations

from dataclasses import dataclass, replace

import plotly.graph_objects as go

from ita.common.plaintext import chart as chart_text
from ita.common.sheet_layout import text_width
from ita.views.chart_style import RIGHT_LABEL_GAP_PX, Y_TITLE_STANDOFF_EM, label_px, place_band_names

# The order of a meeting: about one agency's result, or about many agencies (the overview with its filters).
# The page draws each step; titles are in the text catalogue as present_<id>.
DECKS = {
    "agency": ("cover", "indicators", "tools", "points_lost", "trend", "peers", "findings", "next_band", "group"),
    "overview": ("ov_distribution", "ov_target", "ov_ranking", "ov_heatmap"),
}
STEPS = DECKS["agency"]


ORIGIN_PAGES = ("agency", "overview", "measures", "followup", "report", "data")  # pages a deck may be opened from


def origin_page(url_path: object) -> str:
    """The page file to go back to when the deck closes: the one it was opened from, else the agency page."""
    name = url_path if isinstance(url_path, str) and url_path in ORIGIN_PAGES else "agency"
    return f"pages/{name}.py"


def deck_for(asked: object, url_path: object) -> str:
    """The deck a link asks for (``?deck=overview``), else the one of the page it was opened from: the overview
    gets its own, every other page the agency's."""
    if isinstance(asked, str) and asked in DECKS:
        return asked
    return "overview" if url_path == "overview" else "agency"


def clamp_step(value: object, count: int = len(STEPS)) -> int:
    """A step number from the URL (1-based), kept within range."""
    try:
        step = int(str(value))
    except (TypeError, ValueError):
        return 1
    return min(max(step, 1), count)


# Large type and a plain high-contrast look for a projector: black on white, no sidebar, no toolbar, no
# decoration; the main area uses the whole screen.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] {display: none !important;}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: #ffffff !important; color: #000 !important;}
[data-testid="stMainBlockContainer"] {max-width: 100% !important; padding: 1.2rem 2.5rem 1rem 2.5rem !important;}
html {font-size: var(--slide-rem, 22px);}
h1 {font-size: 2.6rem !important; color: #000 !important;}
h2, h3 {color: #000 !important;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {
  font-size: 1.35rem; line-height: 1.7; color: #000;}
.present-footer {color: #333; font-size: 1rem;}
.st-key-present_nav {position: fixed; left: 2.5rem; right: 2.5rem; bottom: 0.8rem; z-index: 999990;
  background: #ffffff; padding-top: 0.4rem;}
[data-testid="stMainBlockContainer"] {padding-bottom: 4rem !important;}
</style>
"""


# --------------------------------------------------------------------------- fitting a slide to the screen

MIN_REM, MAX_REM, REM_PER_WIDTH = 12.0, 24.0, 0.0115  # root type size: the window's width (12 px at 1024 wide)
RESERVED_REM = 15.0  # title, footer buttons, paddings and gaps around the chart, in root type sizes
TEXT_LINE_REM = 2.35  # one line of slide text (1.35 rem at line height 1.7)
TITLE_REM, TITLE_LINE_REM = 2.6, 3.4  # the slide's title (h1): its type, and the height of each line it takes
MIN_CHART_PX = 260
CHART_FRAME_PX = 240  # a chart's title, axis, legend and margins, around its bars
ROW_LINES = 1.8  # a bar's row holds its value with room to spare
CHART_FONT_PER_WIDTH = 1 / 80  # chart type: 24 px at 1920 wide (a projector's back row), 18 px at 1280 at least
MIN_CHART_FONT, MAX_CHART_FONT = 18, 30
MIN_PLOT_PX = 120  # the narrowest a slide's plot is taken to be, for setting its band names in rows


@dataclass(frozen=True)
class Slide:
    """A slide as big as the window it is shown in (CSS pixels)."""

    width: int
    height: int
    title_lines: int = 1  # lines the slide's title takes (``titled``); RESERVED_REM holds one

    def titled(self, title: str) -> Slide:
        """This slide under ``title``: a long title (a long agency name, several filters) wraps, and the chart gets
        less height."""
        per_line = max(10, int((self.width - 5 * self.rem) / (TITLE_REM * self.rem * 0.55)))
        return replace(self, title_lines=max(1, -(-text_width(title) // per_line)))

    @property
    def rem(self) -> float:
        return max(MIN_REM, min(MAX_REM, self.width * REM_PER_WIDTH))

    @property
    def css(self) -> str:
        """The slide's root type size, for PRESENTATION_CSS."""
        return f"<style>:root {{--slide-rem: {self.rem:.1f}px;}}</style>"

    @property
    def chart_font(self) -> int:
        return int(max(MIN_CHART_FONT, min(MAX_CHART_FONT, round(self.width * CHART_FONT_PER_WIDTH))))

    def text_lines(self, *texts: str) -> int:
        """About how many lines the slide's paragraphs take at its width (a Thai character is about half its type
        size wide; vowel and tone marks above and below take no width)."""
        per_line = max(20, int((self.width - 5 * self.rem) / (1.35 * self.rem * 0.55)))
        return sum(max(1, -(-text_width(t) // per_line)) for t in texts if t)

    def chart_height(self, text_lines: int = 0) -> int:
        """What is left for the chart once the title, footer and ``text_lines`` lines of text are placed."""
        extra_title = (self.title_lines - 1) * TITLE_LINE_REM
        reserved = (RESERVED_REM + extra_title + text_lines * TEXT_LINE_REM) * self.rem
        return int(max(MIN_CHART_PX, self.height - reserved))

    def fit(self, fig: go.Figure, text_lines: int = 0, rows: int = 0, share: float = 1.0) -> go.Figure:
        """``fig`` at the height left on the slide, all its type at ``chart_font`` (values, ticks, legend, band
        names, floors; smaller only when ``rows`` bars would not each have room for a line), its band names set in
        rows for the width it is drawn at (``share``: of the slide's width, beside text)."""
        height = self.chart_height(text_lines)
        size = self.chart_font
        if rows:
            size = max(12, min(size, int((height - CHART_FRAME_PX) / (rows * ROW_LINES))))
        fig.update_layout(height=height, font_size=size, legend_font_size=size)
        fig.update_traces(textfont_size=size)  # values on bars, the agency's own mark among its peers
        fig.update_traces(insidetextfont_size=size, outsidetextfont_size=size, selector={"type": "bar"})
        top, right = 0, 0
        for note in fig.layout.annotations:
            grown = size / (note.font.size or size)
            note.font.size = max(note.font.size or 0, size)
            if note.xref == "paper" and (note.x or 0) >= 1 and note.xanchor == "left":  # band names at the right edge
                right = max(right, label_px(note.text or "", note.font.size) + RIGHT_LABEL_GAP_PX)
            if note.yshift and grown > 1:  # names set one row up (narrow bands, floors) move up with their type
                note.yshift = round(note.yshift * grown)
        place_band_names(fig, self._plot_px(fig, size, share) - right)
        for note in fig.layout.annotations:
            if note.yref == "paper" and note.y == 1 and note.yanchor == "bottom":
                top = max(top, (note.yshift or 0) + 2 * size)  # names above the plot: the margin holds them all
        if top > (fig.layout.margin.t or 0):
            fig.update_layout(margin_t=top)
        if right > (fig.layout.margin.r or 0):  # their larger type needs more room ('Needs improvemen…' was cut)
            fig.update_layout(margin_r=right)
        fig.update_xaxes(title_standoff=size, tickfont_size=size)  # the axis title clear of its larger ticks
        fig.update_yaxes(title_standoff=round(size * Y_TITLE_STANDOFF_EM), tickfont_size=size)
        return fig

    def _plot_px(self, fig: go.Figure, size: int, share: float) -> float:
        """About how wide the plot of ``fig`` is drawn: its share of the slide's width, less the names of its bars
        (a horizontal bar chart's categories) or its numbers, at ``size``."""
        ys = [trace.y for trace in fig.data if getattr(trace, "y", None) is not None]  # a numpy array has no truth
        names = [v for y in ys for v in y if isinstance(v, str)]
        axis = max((label_px(name, size) for name in names), default=label_px("100", size))
        return max(MIN_PLOT_PX, (self.width - 5 * self.rem) * share - axis - 2 * size)

    def rows_fit(self, text_lines: int = 0) -> int:
        """How many bars (or heatmap rows) the slide's chart holds at its full type size."""
        return max(3, int((self.chart_height(text_lines) - CHART_FRAME_PX) / (self.chart_font * ROW_LINES)))


PNG_SIZE = (1920, 1080)  # the projector PNG
PNG_TITLE_PX = 34


def projector_png_figure(fig: go.Figure, title: str | None = None) -> go.Figure:
    """A chart as the projector PNG draws it: the whole 1920×1080 frame, the slide's type (24 px) and, when
    given, a title saying what and whose it is."""
    slide = Slide(*PNG_SIZE)
    fig = go.Figure(fig)  # a copy: the page's figure stays as it is
    slide.fit(fig)
    fig.update_layout(height=PNG_SIZE[1], width=PNG_SIZE[0])
    if title:
        fig.update_layout(
            title={"text": chart_text(title), "font": {"size": PNG_TITLE_PX}, "x": 0.01, "xanchor": "left"},
            margin_t=max(int(fig.layout.margin.t or 0), PNG_TITLE_PX * 3),
        )
    return fig
