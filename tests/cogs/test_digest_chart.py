"""The digest's chart: where its lines are drawn, checked pixel by pixel against its geometry.

The geometry, written out by hand from the chart's layout (800 x 400; plot margins left 56,
right 24, top 76, bottom 44): the plot runs from x 56 to 776 and from y 76 (top) down to
y 356 (zero). Twelve weeks share 720 pixels, 60 each, each point in the middle of its
week: week i (from 0) is at x = 56 + 60 * (i + 0.5), so week 10 at 686 and week 11 at 746.
A value v on a scale whose top is T is at y = 356 - v * 280 / T. Each point has a round
marker of radius 4.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from PIL import Image

from cogs.digest._chart import weekly_chart

WEEKS = [f"{d:02d} Dec" for d in range(1, 13)]
GREY = (136, 136, 136)  # the text and the gridlines: never a series


def picture(series: Mapping[str, Sequence[int]]) -> Image.Image:
    """The chart of these series, as RGBA pixels."""
    return Image.open(io.BytesIO(weekly_chart(WEEKS, series))).convert("RGBA")


def drawn(image: Image.Image, x: int, top: int = 60) -> list[int]:
    """The rows of column x below the legend holding an opaque pixel that is not grey."""
    return [
        y
        for y in range(top, image.height)
        if (p := image.getpixel((x, y)))[3] == 255 and p[:3] != GREY  # type: ignore[index]
    ]


def test_a_point_is_drawn_at_its_height_on_the_scale() -> None:
    """Values 2 then 4 in the last two weeks: the scale tops at 4, so 2 is at 216 and 4 at 76."""
    image = picture({"service user": [0] * 10 + [2, 4]})
    # The scale's top is the highest value, 4 (steps of 1 up to 5): y = 356 - v * 70.
    assert drawn(image, 746) == list(range(72, 81))  # 4: 356 - 280 = 76, marker 72..80
    assert drawn(image, 686) == list(range(212, 221))  # 2: 356 - 140 = 216, marker 212..220
    assert drawn(image, 626) == list(range(352, 361))  # 0: on the zero line, 352..360


def test_a_larger_top_is_rounded_up_to_a_whole_step() -> None:
    """A highest value of 7 rounds the scale up to 8 (steps of 2): 7 is at 356 - 7 * 35 = 111."""
    image = picture({"provider": [0] * 10 + [7, 7]})  # flat at the end: only the marker shows
    assert drawn(image, 746) == list(range(107, 116))
