"""Charts as PNG on the server (``ita.views.images``): which browser Kaleido starts and that its page fetches
nothing from the internet."""

from __future__ import annotations

import pytest

from ita.views import images


def test_the_exporter_page_loads_no_mathjax_from_a_cdn():
    assert images.kaleido_options()["mathjax"] is False


def test_the_browser_is_the_setting_then_kaleidos_own_then_the_headless_shell(monkeypatch, tmp_path):
    shell = tmp_path / "chromium-headless-shell"
    shell.write_text("")
    monkeypatch.setattr(images, "HEADLESS_SHELL", str(shell))
    monkeypatch.setenv("BROWSER_PATH", "/opt/kaleido/chrome")
    monkeypatch.setenv(images.ENV_BROWSER, "/opt/chrome/chrome")
    assert images.kaleido_options()["path"] == "/opt/chrome/chrome"
    monkeypatch.delenv(images.ENV_BROWSER)
    assert "path" not in images.kaleido_options()  # Kaleido reads its BROWSER_PATH itself
    monkeypatch.delenv("BROWSER_PATH")
    assert images.kaleido_options()["path"] == str(shell)
    shell.unlink()
    assert "path" not in images.kaleido_options()  # none installed: Kaleido looks for a browser itself


def test_a_missing_browser_is_no_browser_not_a_crash(monkeypatch):
    pytest.importorskip("kaleido")
    import plotly.graph_objects as go

    monkeypatch.setenv(images.ENV_BROWSER, "/nonexistent/chromium")
    with pytest.raises(images.ChartUnavailable) as caught:
        images.figure_png(go.Figure(go.Bar(x=[1], y=[1])), 40, 40)
    assert caught.value.code == "no_browser", caught.value.reason


@pytest.mark.parametrize("year", [2563, 2566])
def test_the_documents_chart_keeps_the_room_its_band_names_need(year):
    """The O42's chart is the app's, resized: its top margin is the one the band names above the plot need (from
    2566 two rows, "ผ่าน / ผ่านดี" above "ผ่านดีเยี่ยม"; a smaller one cut the Thai marks off the image)."""
    from types import SimpleNamespace

    from ita.reports.figures import o42_chart
    from ita.rules.frameworks import default_frameworks
    from ita.views.charts import indicator_bands

    framework = default_frameworks().by_year[year]
    scores = [90.0] * 10
    result = SimpleNamespace(score=SimpleNamespace(indicators=scores), framework=framework)
    needed = indicator_bands(scores, framework, "th", presentation=True).layout.margin.t
    assert o42_chart(result).layout.margin.t >= needed


def test_the_o43_chart_keeps_its_axis_and_the_label_after_a_full_bar_inside_the_image():
    """A 100 % bar's "100% ดำเนินการแล้วเสร็จ" ran off the image's right edge, and the axis off its foot."""
    from helpers.reports import seed_items

    from ita.reports.figures import o43_chart
    from ita.reports.templates import load_templates

    fig = o43_chart(seed_items(), 12, load_templates())
    assert fig.layout.xaxis.automargin is True and fig.layout.xaxis.range[1] <= 105
    (bars,) = fig.data
    full = [label for label, x in zip(bars.text, bars.x, strict=True) if x == 100]
    assert full == ["100% ดำเนินการแล้วเสร็จ"]
    # A measure nobody reported on has an empty bar and no figure: "0%" would count it as not started.
    assert list(bars.text)[-1] == "ยังไม่ได้รายงานผล"
    plot_px = fig.layout.width - fig.layout.margin.l - fig.layout.margin.r - 160  # less the measures' names
    assert plot_px > 400 and fig.layout.margin.r >= 240  # the label's width at 22 px (measured: about 230)


def test_the_chart_exporters_ignored_messages_print_no_traceback():
    """'JSONError decoding message. Ignoring' and its traceback reached a command's terminal (the export went on)."""
    import logging

    import logistro

    from ita.views import images  # noqa: F401  (sets the exporter's loggers quiet)

    records = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        logistro.getLogger("choreographer.channels.pipe").exception("JSONError decoding message. Ignoring")
    finally:
        logging.getLogger().removeHandler(handler)
    assert records == []
