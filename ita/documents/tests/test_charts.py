from ita.documents.charts import render_png
from ita.documents.content import Chart, Series


def test_chart_renders_png_and_is_cached():
    chart = Chart(
        "hbar",
        "คะแนนรายตัวชี้วัด ปี 2565",
        ("ตัวชี้วัดที่ 1", "ตัวชี้วัดที่ 2"),
        (Series("คะแนน", (86.07, 76.72)),),
        reference=85,
    )
    png = render_png(chart, True)
    assert png.startswith(b"\x89PNG")
    assert render_png(chart, True) is png
    assert render_png(chart, False) != png  # Arabic tick labels draw differently
