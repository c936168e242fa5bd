"""Presentation mode: the steps of a meeting, as data. Each step is one view, shown full-screen."""

from __future__ import annotations

# The order of a meeting about one agency's result. The page draws each step; titles are in the text
# catalogue as present_<id>.
STEPS = ("cover", "indicators", "tools", "points_lost", "trend", "peers", "findings", "next_band", "group")


ORIGIN_PAGES = ("agency", "overview", "measures", "followup", "report", "data")  # pages a deck may be opened from


def origin_page(url_path: object) -> str:
    """The page file to go back to when the deck closes: the one it was opened from, else the agency page."""
    name = url_path if isinstance(url_path, str) and url_path in ORIGIN_PAGES else "agency"
    return f"pages/{name}.py"


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
html {font-size: 22px;}
h1 {font-size: 2.6rem !important; color: #000 !important;}
h2, h3 {color: #000 !important;}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {
  font-size: 1.35rem; line-height: 1.7; color: #000;}
.present-footer {color: #333; font-size: 1rem;}
</style>
"""
