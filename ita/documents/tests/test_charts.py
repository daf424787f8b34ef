import dataclasses

import pytest

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


# --------------------------------------------------------------------------- finding 5
SEED_002 = (86.07, 76.72, 76.57, 75.54, 72.00, 79.63, 73.30, 70.22, 90.00, 37.50)
NAMES = (
    "การปฏิบัติหน้าที่", "การใช้งบประมาณ", "การใช้อำนาจ", "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต", "คุณภาพการดำเนินงาน", "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงการทำงาน", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต",
)  # fmt: skip
CHARTS = {
    # values just under and over the 85 line: their labels are where the line runs
    "bar": Chart("bar", "ผลการประเมินภาพรวมและรายเครื่องมือ ปี 2565",
                 ("ภาพรวม", "IIT", "EIT", "OIT"), (Series("คะแนน", (84.2, 86.5, 83.9, 85.0)),),
                 reference=85),
    "hbar": Chart("hbar", "คะแนนรายตัวชี้วัด ปี 2565",
                  tuple(f"{n}. {name}" for n, name in enumerate(NAMES, 1)),
                  (Series("คะแนน", SEED_002),), reference=85, height_cm=11),
    "line": Chart("line", "ผลการประเมินภาพรวมย้อนหลัง", ("2562", "2563", "2564", "2565"),
                  (Series("คะแนนรวม", (59.03, 84.1, 87.64, 85.6)),), reference=85, height_cm=7),
    "weakest": Chart("bar", "ตัวชี้วัดที่ต้องพัฒนา เรียงจากคะแนนต่ำสุด",
                     ("10", "8", "5", "7", "4", "3", "2", "6"),
                     (Series("คะแนน", (37.5, 70.22, 72.0, 73.3, 75.54, 76.57, 76.72, 79.63)),),
                     reference=85, x_label="ตัวชี้วัดที่", height_cm=7),
    "history": Chart("bar", "ผลการประเมินรายเครื่องมือย้อนหลัง", ("IIT", "EIT", "OIT"),
                     tuple(Series(f"ปี {y}", v) for y, v in
                           ((2563, (82.1, 76.2, 60.4)), (2564, (88.5, 84.6, 91.2)),
                            (2565, (93.4, 85.4, 87.9)))), reference=85),
}  # fmt: skip


def _texts(fig):
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("name", CHARTS)
def test_every_text_of_a_chart_is_at_least_12_pt_and_inside_the_picture(name):
    from ita.documents.charts import MIN_PT, draw

    fig = draw(CHARTS[name])
    renderer = fig.canvas.get_renderer()
    frame = fig.bbox
    texts = _texts(fig)
    assert len(texts) > 8
    for t in texts:
        assert t.get_fontsize() >= MIN_PT, (t.get_text(), t.get_fontsize())
        box = t.get_window_extent(renderer)
        inside = box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1
        assert inside and box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1, t.get_text()


@pytest.mark.parametrize("name", CHARTS)
def test_no_value_label_is_crossed_by_the_reference_line(name):
    from matplotlib.text import Annotation

    from ita.documents.charts import draw

    chart = CHARTS[name]
    fig = draw(chart)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    horizontal = chart.kind == "hbar"
    ref = ax.transData.transform((chart.reference, 0) if horizontal else (0, chart.reference))
    ref = ref[0] if horizontal else ref[1]
    labels = [t for t in fig.findobj(Annotation) if t.get_text().strip()]
    assert len(labels) == sum(len(s.values) for s in chart.series)
    for label in labels:
        box = label.get_window_extent(renderer)
        low, high = (box.x0, box.x1) if horizontal else (box.y0, box.y1)
        assert not low <= ref <= high, (label.get_text(), low, ref, high)


@pytest.mark.parametrize("name", CHARTS)
def test_no_text_of_a_chart_overlaps_another(name):
    from ita.documents.charts import draw

    fig = draw(CHARTS[name])
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer).shrunk(0.97, 0.9)) for t in _texts(fig)]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), (a, b)


@pytest.mark.parametrize("name", CHARTS)
def test_the_value_axis_label_is_no_longer_than_its_axis(name):
    # a long rotated label ("คะแนน (เลขตัวชี้วัดบนแกนนอน)") ran past a 7 cm chart's axis
    from ita.documents.charts import draw

    fig = draw(CHARTS[name])
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    frame = ax.get_window_extent(renderer)
    label = ax.yaxis.label  # the rotated one
    if label.get_text():
        box = label.get_window_extent(renderer)
        assert box.y0 >= frame.y0 - 2 and box.y1 <= frame.y1 + 2, label.get_text()


def test_a_legend_of_two_rows_reads_left_to_right_in_order():
    from ita.documents.charts import draw

    chart = CHARTS["history"]
    more = (*chart.series, Series("ปี 2566", (90, 86, 88)), Series("ปี 2567", (91, 87, 89)))
    fig = draw(dataclasses.replace(chart, series=more))
    renderer = fig.canvas.get_renderer()
    _handles, natural = fig.axes[0].get_legend_handles_labels()
    texts = fig.legends[0].get_texts()
    assert len(texts) == 6  # two rows of four columns
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
    reading = sorted(boxes, key=lambda e: (-round(e[1].y0), e[1].x0))  # rows, then left to right
    assert [text for text, _ in reading] == natural
