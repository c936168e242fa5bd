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
