"""The scorecard: total and grade, big, as an HTML fragment (no Streamlit; the page renders it)."""

from __future__ import annotations

import unicodedata
from html import escape

from ita.common.text import t

GRADE_FULL_LETTERS = 8  # a grade of more letters (Thai marks not counted) is set smaller, in proportion


def _letters(text: str) -> int:
    return sum(unicodedata.category(c) != "Mn" for c in text)


def scorecard_html(view, lang: str, *, large: bool = False) -> str:
    score, fw = view.score, view.framework
    size = 1.6 if large else 1.0
    # On a slide the three boxes stay on one row and a long line (the rank among "องค์การบริหารส่วนตำบล") wraps
    # inside its box: a second row of boxes would push the slide past the screen. On a page they may wrap.
    wrap = "nowrap" if large else "wrap"
    change = view.change
    if change is None:
        change_html = f"<div class='sc-sub'>{escape(t('scorecard_first_year', lang))}</div>"
    else:
        arrow, colour = ("▲", "#1a7f37") if change > 0 else (("▼", "#b00020") if change < 0 else ("■", "#5f6b7a"))
        change_html = (
            f"<div class='sc-sub' style='color:{colour}'>{arrow} {abs(change):.2f} "
            f"{escape(t('scorecard_vs', lang, year=int(view.previous['year'])))}</div>"
        )
    passed = t("scorecard_passed" if score.passed else "scorecard_not_passed", lang, mark=f"{fw.pass_mark:g}")
    grade = score.grade.label(lang)
    # A long grade ('ต้องปรับปรุงโดยด่วน') is set smaller to keep to one line in its box: it broke as 'ต้องปรับปรุงโดย | ด่วน'.
    grade_size = 2.6 * size * min(1.0, GRADE_FULL_LETTERS / max(1, _letters(grade)))
    tools = []
    floors = sorted({g.min_each_tool for g in fw.grades if g.min_each_tool is not None})
    for tool in fw.tools:
        value = score.tools[tool.code]
        marks = "".join(
            f"<span class='sc-floor {'ok' if value >= f else 'no'}'>{'✓' if value >= f else '✗'} {f:g}</span>"
            for f in floors
        )
        tools.append(
            f"<div class='sc-tool'><b>{escape(tool.code)}</b> {value:.2f} <small>({tool.weight:g}%)</small>"
            f"{marks}</div>"
        )
    peers = ""
    if view.peers is not None:
        group = view.peer_group(lang) or t("peer_all", lang)
        rank = t("scorecard_rank", lang, rank=view.peers.rank, count=view.peers.count, group=group)
        peers = f"<div class='sc-sub'>{escape(rank)}</div>"
    return f"""
<style>
.sc {{display:flex; gap:{1.2 * size}rem; align-items:stretch; flex-wrap:{wrap};
       font-family:Sarabun, Tahoma, sans-serif}}
.sc-box {{border:1px solid #d0d7de; border-radius:12px; padding:{0.8 * size}rem {1.2 * size}rem; background:#fff;
          flex:1 1 auto; min-width:0}}
.sc-label {{font-size:{0.95 * size}rem; color:#444}}
.sc-total {{font-size:{3.6 * size}rem; font-weight:700; line-height:1.1; color:#102a43}}
.sc-grade {{font-size:{grade_size:.2f}rem; font-weight:700; line-height:1.25; padding:0 {0.6 * size}rem;
            border-radius:10px; color:#fff; background:{score.grade.color}; display:inline-block}}
.sc-sub {{font-size:{1.0 * size}rem; color:#333; margin-top:0.3rem}}
.sc-tool {{font-size:{1.05 * size}rem; margin:0.15rem 0}}
.sc-floor {{font-size:{0.85 * size}rem; margin-left:0.5rem; padding:0 0.35rem; border-radius:6px;
             white-space:nowrap; display:inline-block}}
.sc-floor.ok {{background:#dff3e4; color:#1a7f37}} .sc-floor.no {{background:#fde2e1; color:#b00020}}
</style>
<div class="sc">
  <div class="sc-box"><div class="sc-label">{escape(t("scorecard_total", lang))}</div>
    <div class="sc-total">{score.total:.2f}</div>{change_html}</div>
  <div class="sc-box"><div class="sc-label">{escape(t("scorecard_grade", lang))}</div>
    <div class="sc-grade">{escape(grade)}</div><div class="sc-sub">{escape(passed)}</div>{peers}</div>
  <div class="sc-box"><div class="sc-label">{escape(t("scorecard_tools", lang))}</div>{"".join(tools)}</div>
</div>"""
