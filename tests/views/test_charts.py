"""Figure builders, tested directly: bands, colours, labels, the pass line, projector sizes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest
from helpers import SAMPLES, SEED_SCORES

from ita.analysis.agency import agency_year
from ita.io.importer import load_paths
from ita.rules.frameworks import load_frameworks
from ita.views import charts

FW = load_frameworks()
F2563, F2566 = FW.by_year[2563], FW.by_year[2566]


def shapes(fig: go.Figure, kind: str = "rect") -> list:
    return [s for s in fig.layout.shapes if s.type == kind]


def annotation_texts(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_bands_of_the_letter_years():
    got = [(b.label, b.low, b.high) for b in charts.bands(F2563)]
    assert got == [
        ("AA", 95, 100),
        ("A", 85, 95),
        ("B", 75, 85),
        ("C", 65, 75),
        ("D", 55, 65),
        ("E", 50, 55),
        ("F", 0, 50),
    ]


def test_2566_bands_merge_labels_that_share_a_minimum():
    got = [(b.label, b.low, b.high) for b in charts.bands(F2566)]
    assert got == [("ผ่านดีเยี่ยม", 95, 100), ("ผ่าน / ผ่านดี", 85, 95), ("ต้องปรับปรุง", 70, 85), ("ต้องปรับปรุงโดยด่วน", 0, 70)]
    assert [b.label for b in charts.bands(F2566, "en")][1] == "Pass / Good pass"


def test_indicator_bands_figure():
    fig = charts.indicator_bands(SEED_SCORES, F2563)
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["IIT (30%)", "EIT (30%)", "OIT (40%)"]
    assert [t.marker.color for t in bars] == [charts.TOOL_COLORS[c] for c in ("IIT", "EIT", "OIT")]
    assert sum(len(t.x) for t in bars) == 10
    assert list(bars[2].text) == ["80.06", "87.50"]  # values written on the bars
    assert bars[0].y[0] == "1. การปฏิบัติหน้าที่"
    # Bands: every grade's band is shaded with its colour (the axis starts at 0) and the upper ones named.
    rects = shapes(fig)
    assert {r.fillcolor for r in rects} == {g.color for g in F2563.grades}
    assert {"<b>AA</b>", "<b>B</b>"} <= set(annotation_texts(fig))
    # The pass line at 85, dashed red, and in the legend.
    lines = shapes(fig, "line")
    assert [(line.x0, line.line.color, line.line.dash) for line in lines] == [(85, charts.PASS_LINE_COLOR, "dash")]
    assert any(t.name == "เกณฑ์ผ่าน 85" for t in fig.data)
    assert fig.layout.xaxis.range[1] > 100 and fig.layout.xaxis.range[0] == 0  # a bar's length is its score


def test_every_bar_chart_starts_at_zero():
    """The issue: the tools chart started at 10, so OIT 22.96 looked a sixth of IIT 88.81."""
    tools = charts.tool_scores({"IIT": 88.81, "EIT": 75.0, "OIT": 22.96}, F2563)
    assert tools.layout.xaxis.range[0] == 0
    planned = list(SEED_SCORES[:9]) + [95.0]
    assert charts.whatif(SEED_SCORES, planned, F2563).layout.xaxis.range[0] == 0


def test_presentation_scale_is_larger():
    screen = charts.indicator_bands(SEED_SCORES, F2563)
    projector = charts.indicator_bands(SEED_SCORES, F2563, presentation=True)
    assert projector.layout.font.size >= 20 > screen.layout.font.size
    assert projector.layout.height > screen.layout.height
    assert projector.data[0].textfont.size > screen.data[0].textfont.size


def test_thai_font_first():
    fig = charts.indicator_bands(SEED_SCORES, F2563)
    assert fig.layout.font.family.startswith("Sarabun")


def test_english_labels():
    fig = charts.indicator_bands(SEED_SCORES, F2563, "en")
    assert fig.data[0].y[0] == "1. Performance of duty"
    assert any(t.name == "Pass mark 85" for t in fig.data)


def test_tool_scores_show_the_2566_floors_only_from_2566():
    tools = {"IIT": 93.81, "EIT": 96.02, "OIT": 85.6}
    assert shapes(charts.tool_scores(tools, F2563), "line") == []
    floors = shapes(charts.tool_scores(tools, F2566), "line")
    assert sorted(line.x0 for line in floors) == [85, 95]
    # Their names, on rows above the chart, a Thai line and a gap apart: at 18 px for 11 px type they touched.
    for presentation in (False, True):
        fig = charts.tool_scores(tools, F2566, presentation=presentation)
        names = [a for a in fig.layout.annotations if "ขั้นต่ำ" in a.text]
        gap = abs(names[0].yshift - names[1].yshift)
        assert gap >= 2 * names[0].font.size, (presentation, gap)


@pytest.fixture(scope="module")
def view():
    table = load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid
    key = table.loc[table["agency"] == "เทศบาลตำบลพอกน้อย", "agency_key"].iloc[0]
    return agency_year(table, key, 2563, frameworks=FW)


@pytest.fixture(scope="module")
def latest_view():
    """The seed municipality's 2568: its trend runs 2562–2568 (a view's history stops at its own year)."""
    table = load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid
    key = table.loc[table["agency"] == "เทศบาลตำบลพอกน้อย", "agency_key"].iloc[0]
    return agency_year(table, key, 2568, frameworks=FW)


def test_trend_has_each_years_own_bands(latest_view):
    view = latest_view
    by_year = {int(y): FW.for_year(int(y))[0] for y in view.history["year"]}
    fig = charts.trend(view.history, by_year)
    colors_2565 = {s.fillcolor for s in shapes(fig) if s.x0 == 2564.5}
    colors_2566 = {s.fillcolor for s in shapes(fig) if s.x0 == 2565.5}
    assert colors_2565 <= {g.color for g in FW.by_year[2565].grades}
    assert len(colors_2566) <= len(FW.by_year[2566].grades) and colors_2565 != colors_2566
    assert any("80.00" in a and "B" in a for a in annotation_texts(fig))  # total and grade at 2563


@pytest.mark.parametrize("presentation", [False, True])
def test_trend_in_english_says_each_grade_in_english_and_keeps_room_for_the_band_names(latest_view, presentation):
    view = latest_view
    by_year = {int(y): FW.for_year(int(y))[0] for y in view.history["year"]}
    fig = charts.trend(view.history, by_year, "en", presentation=presentation)
    thai = [a for a in annotation_texts(fig) if any("\u0e00" <= ch <= "\u0e7f" for ch in a)]
    assert thai == [], thai  # the points of 2566 on carried Thai labels ("ต้องปรับปรุง")
    shifts = [a.yshift for a in fig.layout.annotations if a.yshift]  # the points' labels: above, below, above...
    assert all(a * b < 0 for a, b in zip(shifts, shifts[1:], strict=False)), shifts
    longest = max(len(g.label_en) for g in FW.by_year[max(by_year)].grades)
    assert fig.layout.margin.r >= longest * (16 if presentation else 12) * 0.55


def test_points_lost_sorted_largest_first(view):
    fig = charts.points_lost_chart(view.lost)
    assert fig.data[0].y[0].startswith("9.") and fig.data[0].x[0] == pytest.approx(3.988)
    assert fig.data[0].marker.color[0] == charts.TOOL_COLORS["OIT"]


def test_peer_distribution_marks_the_agency(view):
    fig = charts.peer_distribution(view.peers.totals, view.score.total, view.framework, own_label="พอกน้อย")
    marked = fig.data[1]
    assert list(marked.x) == [80.0] and marked.name == "พอกน้อย" and marked.marker.symbol == "diamond"
    assert len(fig.data[0].x) == view.peers.count


def test_grade_distribution_uses_each_years_grades():
    table = load_paths([SAMPLES / "sakon-nakhon-2562-2568.xlsx"]).valid
    from ita.analysis.overview import grade_counts

    counts = grade_counts(table, FW)
    fig = charts.grade_distribution(counts)
    names = {t.name for t in fig.data}
    assert {"AA", "B", "ผ่านดี", "ต้องปรับปรุงโดยด่วน"} <= names
    total_share = pd.DataFrame({"y": [y for t in fig.data for y in t.y], "x": [x for t in fig.data for x in t.x]})
    assert total_share.groupby("x")["y"].sum().round(6).eq(100).all()
    # AA–F to 2565 and the labels from 2566 share colours tier by tier (AA and ผ่านดีเยี่ยม): each scale has a
    # legend of its own titled by its years, the earlier above the chart, the latest under it.
    legends = {t.name: t.legend for t in fig.data}
    assert legends["AA"] == legends["F"] == "legend2" and legends["ผ่านดีเยี่ยม"] == legends["ต้องปรับปรุงโดยด่วน"] == "legend"
    assert fig.layout.legend2.title.text == "ระดับของปี 2562–2565:" and fig.layout.legend2.y == 1
    assert fig.layout.legend.title.text == "ระดับของปี 2566–2568:" and fig.layout.legend.y == 0
    english = charts.grade_distribution(counts, "en")
    assert (english.layout.legend2.title.text, english.layout.legend.title.text) == (
        "Grades of 2562–2565:",
        "Grades of 2566–2568:",
    )
    one_scale = charts.grade_distribution(counts.loc[counts["year"] >= 2566])
    assert {t.legend for t in one_scale.data} == {"legend"} and one_scale.layout.legend.title.text is None
    # A number that would not fit its segment at a readable size is hidden, never shrunk to a few pixels.
    slide = charts.grade_distribution(counts, presentation=True)
    assert (slide.layout.uniformtext.mode, slide.layout.uniformtext.minsize) == ("hide", 14)


def test_share_vs_target_line():
    share = pd.DataFrame({"year": [2567, 2568], "share": [70.0, 94.2], "passed": [7, 94], "agencies": [10, 100]})
    fig = charts.share_vs_target(share, 0.8)
    assert [line.y0 for line in shapes(fig, "line")] == [80]
    assert list(fig.data[0].marker.color) == ["#334e68", "#1a7f37"]
    # The issue: the target line ran through "75.0%". Values sit inside the bars' tops; the line passes behind.
    assert fig.data[0].textposition == "auto" and fig.data[0].insidetextanchor == "end"
    assert [line.layer for line in shapes(fig, "line")] == ["below"]
    # A year where none passed says 0.0% (a bar of no height draws no text: it looked like missing data).
    none = pd.DataFrame({"year": [2562, 2563], "share": [0.0, 6.9], "passed": [0, 2], "agencies": [29, 29]})
    zero = charts.share_vs_target(none, 0.8)
    assert [(a.x, a.text) for a in zero.layout.annotations] == [(2562, "0.0%")]
    # The axis title stands off its ticks by more than its type: Thai marks above its letters face them.
    assert zero.layout.yaxis.title.standoff >= 1.4 * zero.layout.font.size


@pytest.mark.xdist_group("reports")  # on the worker whose Kaleido browser the O42 tests have started
def test_png_export_at_projector_size():
    pytest.importorskip("kaleido")
    from helpers.browser import require_browser

    require_browser()
    png = charts.to_png(charts.indicator_bands(SEED_SCORES, F2563, presentation=True))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 1920 and int.from_bytes(png[20:24], "big") == 1080


def test_a_slide_sizes_its_chart_and_type_to_the_window():
    from ita.views.present import Slide

    projector, laptop = Slide(1920, 1080), Slide(1280, 720)
    assert projector.chart_font == 24 and laptop.chart_font == 18  # 24 px for the back row of a meeting room
    assert projector.chart_height() > projector.chart_height(3) > 260  # text above the chart takes its room
    assert laptop.chart_height() < 720 - 200
    fig = projector.fit(charts.indicator_bands(SEED_SCORES, F2563, presentation=True), rows=10)
    assert fig.layout.height == projector.chart_height() and fig.layout.font.size == 24
    assert all(a.font.size >= 24 for a in fig.layout.annotations) and fig.data[0].textfont.size == 24
    crowded = laptop.fit(
        charts.indicator_bands(SEED_SCORES, F2563, presentation=True), laptop.text_lines("ก" * 900), rows=10
    )
    assert crowded.layout.font.size < 18  # ten rows in little room: smaller type rather than values on each other


def test_a_slides_band_names_at_the_charts_right_edge_keep_their_room_at_the_slides_type():
    """Found by a reviewer: on the English trend slide at 1920, 'Needs improvemen…' and 'Urgent improveme…' were cut
    at the right edge: the margin was set for the page's type, and the slide makes the names larger."""
    from ita.views.present import Slide

    history = pd.DataFrame({"year": [2565, 2566, 2567], "total": [80.0, 70.0, 90.0]})
    fig = Slide(1920, 1080).fit(
        charts.trend(history, {y: FW.by_year[y] for y in (2565, 2566, 2567)}, "en", presentation=True)
    )
    named = [a for a in fig.layout.annotations if a.xref == "paper" and a.x == 1 and a.xanchor == "left"]
    assert {"Urgent improvement", "Needs improvement"} <= {a.text.replace("<b>", "").replace("</b>", "") for a in named}
    assert fig.layout.margin.r >= max(charts.label_px(a.text, a.font.size) for a in named) >= 18 * 24 * 0.5


def test_the_projector_png_has_a_title_and_the_slide_type():
    from ita.views.present import PNG_TITLE_PX, projector_png_figure

    screen = charts.tool_scores({"IIT": 88.81, "EIT": 75.0, "OIT": 22.96}, F2563)
    png = projector_png_figure(screen, "3 เครื่องมือ · เทศบาลตำบล [ลิงก์](http://x) · พ.ศ. 2563")
    assert (png.layout.width, png.layout.height) == (1920, 1080) and png.layout.font.size == 24
    assert png.layout.title.font.size == PNG_TITLE_PX and "3 เครื่องมือ" in png.layout.title.text
    assert "<a" not in png.layout.title.text and screen.layout.title.text is None  # plain text; the page's unchanged
    assert len(charts.to_png(png)) > 10_000


def test_the_ranking_bars_start_at_zero_best_on_top_in_their_band_colours():
    ranked = pd.DataFrame(
        {"rank": [1, 2, 3, 4], "agency": ["ก <b>x</b>", "ข", "ค", "ง"], "total": [96.5, 86.0, 72.0, 52.25]}
    )
    fig = charts.ranking_bars(ranked, F2566, presentation=True)
    bar = fig.data[0]
    # Past 100, so the 100 tick is drawn (at exactly 100 the slide's axis ended at 80).
    assert fig.layout.xaxis.range == (0, 104) and fig.layout.yaxis.autorange == "reversed"
    assert list(bar.y) == list(fig.layout.yaxis.categoryarray) and bar.y[0].startswith("1. ก")
    assert "<b>" not in bar.y[0]  # a name from a file is text, never markup
    band = {b.label: b.color for b in charts.bands(F2566, "th")}
    assert bar.marker.color[0] == next(c for label, c in band.items() if "ดีเยี่ยม" in label)
    assert bar.marker.color[3] == list(band.values())[-1]  # 52.25: the lowest band
    assert list(bar.text) == ["96.50", "86.00", "72.00", "52.25"]
    # Dark type on the light (yellow) band, white on the dark ones.
    assert list(bar.insidetextfont.color) == ["white", "white", "#111", "white"]


def test_a_ranking_bar_is_in_its_grades_colour_not_its_totals_band():
    # From 2566 the grade asks each tool for a floor too: 96.48 with a tool under 95 is ผ่านดี, not ผ่านดีเยี่ยม.
    ranked = pd.DataFrame(
        {"rank": [1, 2, 3], "agency": ["ก", "ข", "ค"], "total": [97.0, 96.48, 90.0]}
        | {"grade_code": ["excellent", "good", "pass"]}
    )
    colour = {g.code: g.color for g in F2566.grades}
    fig = charts.ranking_bars(ranked, F2566)
    bar = fig.data[0]
    assert list(bar.marker.color) == [colour["excellent"], colour["good"], colour["pass"]]
    # Each colour drawn is named in the legend, best first (a lighter 86.51 beside a darker 86.50 said nothing).
    keys = [(t.name, t.marker.color) for t in fig.data[1:] if t.type == "bar"]
    assert keys == [(g.label_th, g.color) for g in F2566.grades if g.code in ("excellent", "good", "pass")]


def test_the_rankings_links_open_the_agency_page_in_the_pages_language():
    from ita.analysis.overview import ranking_table

    table = load_paths([SAMPLES / "phok-noi-2563.xlsx"]).valid
    assert ranking_table(table, 2563, lang="en")["link"].str.endswith("&lang=en").all()
    assert not ranking_table(table, 2563)["link"].str.contains("lang=").any()  # Thai, the default, says nothing


def test_a_deck_is_chosen_by_the_link_or_by_the_page_it_was_opened_from():
    from ita.views.present import DECKS, Slide, clamp_step, deck_for

    assert deck_for(None, "overview") == "overview" and deck_for(None, "measures") == "agency"
    assert deck_for("overview", "agency") == "overview" and deck_for("<script>", None) == "agency"
    assert clamp_step("9", len(DECKS["overview"])) == 4 and clamp_step("x") == 1
    assert Slide(1920, 1080).rows_fit() > Slide(1280, 720).rows_fit() >= 3
    short = Slide(1440, 900).titled("ผลการประเมิน ITA · เทศบาลตำบลพอกน้อย · พ.ศ. 2566")
    long = Slide(1440, 900).titled("การกระจายของคะแนนรวม · เทศบาลตำบล, องค์การบริหารส่วนตำบล, เทศบาลเมือง · พ.ศ. 2568")
    assert short.title_lines == 1 and long.title_lines == 2
    assert long.chart_height() < short.chart_height() == Slide(1440, 900).chart_height()  # a wrapped title takes room


def test_the_whatif_chart_writes_values_at_the_bars_start_clear_of_todays_tick():
    planned = [s + 0.5 for s in SEED_SCORES]
    fig = charts.whatif(SEED_SCORES, planned, F2563, "th", presentation=True)
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert bars and all(trace.insidetextanchor == "start" for trace in bars)
    ticks = [trace for trace in fig.data if trace.type == "scatter" and trace.mode == "markers"]
    assert list(ticks[0].x) == SEED_SCORES


def test_the_heatmap_on_a_slide_says_which_numbers_are_which_tool_instead_of_asking_to_point():
    import pandas as pd

    matrix = pd.DataFrame([SEED_SCORES], index=["เทศบาลตำบล"], columns=list(range(1, 11)))
    slide = charts.heatmap(matrix, F2563, "th", presentation=True)
    assert slide.layout.xaxis.title.text == "ตัวชี้วัดที่ (1–5 IIT · 6–8 EIT · 9–10 OIT)"
    assert "ชี้ที่ช่อง" in charts.heatmap(matrix, F2563, "th").layout.xaxis.title.text  # on a page, the hover names it


def test_band_names_side_by_side_take_rows_so_none_is_drawn_on_another():
    """English names are long: 'Urgent improvement' and 'Needs improvement' ran into each other over the overview's
    histogram, and 'Excellent pass' ran off the slide's right edge."""
    fig = charts.totals_histogram([61.0, 75.0, 88.0, 96.0], F2566, "en")
    names = {a.text.replace("<b>", "").replace("</b>", ""): a for a in fig.layout.annotations if a.yref == "paper"}
    assert names["Urgent improvement"].yshift != names["Needs improvement"].yshift
    assert (names["Excellent pass"].x, names["Excellent pass"].xanchor) == (100.0, "right")  # against the edge
    rows = {a.yshift for a in names.values()}
    assert min(rows) == 0 and len(rows) <= 3


def test_a_heatmap_cell_under_the_pass_mark_never_reads_as_the_pass_mark():
    """Found by a reviewer: 84.65 was written "85" in its cell (whole numbers), reading as a pass. Cells are written
    as every ITA score is, to two decimals; the colour bar's title is level above it, not turned on its side."""
    import pandas as pd

    matrix = pd.DataFrame([[84.65, 84.99, *SEED_SCORES[2:]]], index=["เทศบาลตำบล"], columns=list(range(1, 11)))
    fig = charts.heatmap(matrix, F2563, "th")
    assert list(fig.data[0].text[0][:2]) == ["84.65", "84.99"]
    assert fig.data[0].colorbar.title.side == "top" and max(fig.data[0].colorbar.tickvals) < 100  # no tick on it


def test_the_share_charts_axis_title_fits_beside_its_plot():
    """Found by eye: 'สัดส่วนที่ได้ 85 คะแนนขึ้นไป (%)' on the y axis of a half-width chart 360 px high ran past the
    plot's top and bottom, its marks over the ticks '100' and '80'. A title's letters take about 0.55 em each."""
    import pandas as pd

    from ita.common.sheet_layout import text_width

    share = pd.DataFrame({"year": [2567, 2568], "share": [80.0, 90.0], "passed": [8, 9], "agencies": [10, 10]})
    for lang in ("th", "en"):
        fig = charts.share_vs_target(share, 0.8, lang)
        plot_height = fig.layout.height - fig.layout.margin.t - 110  # the x axis, its title and the legend below
        assert text_width(fig.layout.yaxis.title.text) * 0.55 * fig.layout.font.size < plot_height, lang


def test_a_long_name_on_a_slides_ranking_is_cut_whole_in_its_hover():
    """Found by a reviewer: 'สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์' squeezed the ranking slide's right
    half, its ticks piled up at 1280 and its bars drawn on another scale than the left half's. A name is cut (never
    between a Thai letter and its marks) and whole in the hover."""
    long = "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"
    assert charts.short_name(long, 54) == long
    cut = charts.short_name(long, 20)
    assert cut.endswith("…") and len(cut) <= 20 and long.startswith(cut[:-1])
    assert charts.short_name("เทศบาลตำบลพอกน้อย", 15) == "เทศบาลตำบลพอก…"  # not 'พอกน้…': ้ stays with น
    assert charts.short_name("เทศบาลเมืองพังโคน", 8) == "เทศบาล…"  # not 'เทศบาลเ…': เ is written before its ม
    ranked = pd.DataFrame({"rank": [1, 2], "agency": [long, "เทศบาลตำบลไร่"], "total": [90.0, 80.0]})
    framework = load_frameworks().for_year(2568)[0]
    bars = charts.ranking_bars(ranked, framework, presentation=True, name_chars=30).data[0]
    assert list(bars.y) == [charts.short_name(f"1. {long}", 30), "2. เทศบาลตำบลไร่"]
    assert list(bars.customdata) == [f"1. {long}", "2. เทศบาลตำบลไร่"] and "customdata" in bars.hovertemplate
    assert charts.label_px("น้ำ", 20) == charts.label_px("นา", 20) < charts.label_px("นาา", 20)  # marks take no room


def test_a_long_grade_keeps_to_one_line_and_a_tools_floor_mark_never_breaks():
    """Found by a reviewer on the cover slide: 'ต้องปรับปรุงโดยด่วน' broke as 'ต้องปรับปรุงโดย | ด่วน' and each '✗ 95' as
    '✗ | 95'. A grade of more letters is set smaller in proportion (Thai marks not counted); a floor's mark is one
    unbreakable piece."""
    import re

    from helpers import INDICATOR_HEADERS, xlsx_bytes

    from ita.io.importer import load_files
    from ita.views.scorecard import scorecard_html

    rows = [["ชื่อหน่วยงาน", *INDICATOR_HEADERS], ["เทศบาลตำบลก", *[99.0] * 10], ["เทศบาลตำบลข", *[50.0] * 10]]
    table = load_files([("ita.xlsx", xlsx_bytes({"ITA 2567": rows}))]).valid
    sizes = {}
    for code in ("excellent", "urgent"):
        row = table.loc[table["grade_code"] == code].iloc[0]
        view = agency_year(table, row["agency_key"], 2567)
        html = scorecard_html(view, "th", large=True)
        sizes[code] = float(re.search(r"\.sc-grade \{font-size:([\d.]+)rem", html).group(1))
        assert re.search(r"\.sc-floor \{[^}]*white-space:nowrap", html)
    assert sizes["excellent"] == round(2.6 * 1.6, 2) and sizes["urgent"] < 0.6 * sizes["excellent"]
