"""Charts as PNG (the documents' charts, the projector download), through Plotly's exporter: Kaleido driving a
headless Chromium on the server.

The exporter needs a Chromium-family browser. When there is none, or it fails or hangs, ``figure_png``
raises ``ChartUnavailable`` with a short reason, and the document builders put a table and a note where
the chart would have been: a report must come out on a machine without a browser.

The page Kaleido draws in loads nothing from the internet (Kaleido's default adds MathJax from a CDN; no chart
here has formulas), so an export works offline and tells no one what is being drawn. The browser is
``ITA_CHART_BROWSER`` when set, else Kaleido's own ``BROWSER_PATH`` when set, else Debian's
``chromium-headless-shell`` when installed (the same engine without the full browser around it: a quicker start),
else whatever Kaleido finds (``chromium``, Chrome).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import logging
import os
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import plotly.graph_objects as go

ENV_CHARTS = "ITA_REPORT_CHARTS"  # "0" skips chart images (tables instead), e.g. on a server without Chromium
EXPORT_TIMEOUT_S = 90  # the first export starts Chromium (a few seconds); a hang is a failure
ENV_BROWSER = "ITA_CHART_BROWSER"  # the Chromium the exporter starts (default: see the module's text)
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"

Exporter = Callable[[go.Figure, int, int], bytes]


class ChartUnavailable(RuntimeError):
    """The chart could not be drawn as an image; ``reason`` says why in a few words (English, for logs and
    the command line) and ``code`` names the case for a translated note: ``no_browser``, ``timeout``,
    ``switched_off`` or ``failed``."""

    def __init__(self, reason: str, code: str = "failed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


def kaleido_options() -> dict[str, Any]:
    """How Kaleido starts its browser and builds its page: no MathJax (no request to a CDN), and the browser the
    module's text says."""
    options: dict[str, Any] = {"mathjax": False}
    browser = os.environ.get(ENV_BROWSER, "").strip()
    if not browser and not os.environ.get("BROWSER_PATH") and os.path.exists(HEADLESS_SHELL):
        browser = HEADLESS_SHELL  # BROWSER_PATH, Kaleido's own setting, is left to Kaleido
    if browser:
        options["path"] = browser
    return options


# Kaleido's browser driver logs what it ignores with its whole traceback ("JSONError decoding message. Ignoring"),
# which a command's user read as a crash; what fails an export is an exception here, turned into the table fallback.
QUIET_LOGGERS = ("choreographer", "kaleido", "logistro")
for _name in QUIET_LOGGERS:
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def _kaleido_png(fig: go.Figure, width: int, height: int, scale: float = 2) -> bytes:
    import kaleido

    opts = {"format": "png", "width": width, "height": height, "scale": scale}
    with warnings.catch_warnings():
        # A chart_session's shared browser serves the call with the options it was started with.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return kaleido.calc_fig_sync(fig.to_dict(), opts=opts, kopts=kaleido_options())


def figure_png(
    fig: go.Figure, width: int = 900, height: int = 520, *, scale: float = 2, exporter: Exporter | None = None
) -> bytes:
    """The figure as PNG bytes: ``width``×``height`` layout pixels at ``scale`` times the resolution (twice, for
    print; once for a projector).

    Raises ``ChartUnavailable`` when charts are switched off (``ITA_REPORT_CHARTS=0``) or the exporter
    fails: no browser, a crash, or no answer within ``EXPORT_TIMEOUT_S``."""
    if os.environ.get(ENV_CHARTS, "1").strip() in ("0", "false", "no", "off"):
        raise ChartUnavailable(f"{ENV_CHARTS}=0", "switched_off")
    export = exporter or functools.partial(_kaleido_png, scale=scale)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(export, fig, width, height).result(timeout=EXPORT_TIMEOUT_S)
    except concurrent.futures.TimeoutError:
        raise ChartUnavailable(f"chart export timed out after {EXPORT_TIMEOUT_S} s", "timeout") from None
    except ChartUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - any exporter failure means "no image", never "no report"
        message = " ".join(str(exc).split())
        if "chrome" in message.casefold() or "browser" in message.casefold():
            raise ChartUnavailable("no Chromium/Chrome browser found for Plotly's image export", "no_browser") from exc
        raise ChartUnavailable(message[:160] or type(exc).__name__) from exc
    finally:
        pool.shutdown(wait=False)


@contextlib.contextmanager
def chart_session() -> Iterator[None]:
    """Keep one browser open for many exports (a batch of reports): each chart then takes a fraction of
    a second instead of starting Chromium again. A first, ordinary export checks that a browser works;
    without one the session does nothing and each report falls back to its tables quickly."""
    started = False
    try:
        probe = go.Figure(go.Bar(x=[1], y=[1]))
        figure_png(probe, 40, 40)
        import kaleido

        kaleido.start_sync_server(silence_warnings=True, **kaleido_options())
        started = True
    except Exception:  # noqa: BLE001 - no browser or no Kaleido: exports fail fast on their own
        started = False
    try:
        yield
    finally:
        if started:
            import kaleido

            with contextlib.suppress(Exception):
                kaleido.stop_sync_server(silence_warnings=True)
