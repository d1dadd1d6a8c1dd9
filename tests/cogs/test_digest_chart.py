"""The digest's chart: where its lines are drawn, checked pixel by pixel against its geometry.

The geometry, written out by hand from the chart's layout (800 x 400; plot margins left 56,
right 144, top 56, bottom 44): the plot runs from x 56 to 656 and from y 56 (top) down to
y 356 (zero). Twelve weeks share 600 pixels, 50 each, each point in the middle of its
week: week i (from 0) is at x = 56 + 50 * (i + 0.5) = 81 + 50 * i. A value v on a scale
whose top is T is at y = 356 - v * 300 / T.

Sides, in name order: the first is a solid line 7 pixels wide with round points of radius
6, in blue (78, 121, 167); the second a line 5 wide drawn only in the columns where x mod 18
is under 12 (12 on, 6 off), with square points of half-side 5, in orange (242, 142, 43). Each line's name is written
in its colour 12 pixels right of its last point (x 643 on), centred on the line's height.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from PIL import Image

from cogs.digest._chart import weekly_chart

WEEKS = [f"{d:02d} Dec" for d in range(1, 13)]
BLUE, ORANGE = (78, 121, 167), (242, 142, 43)
GREY = (136, 136, 136)  # the text and the gridlines: never a side


def picture(series: Mapping[str, Sequence[int]]) -> Image.Image:
    """The chart of these series, as RGBA pixels."""
    return Image.open(io.BytesIO(weekly_chart(WEEKS, series))).convert("RGBA")


def colour(image: Image.Image, x: int, y: int) -> tuple[int, int, int] | None:
    """The opaque colour at (x, y), or None where it is see-through (background, grid)."""
    r, g, b, a = image.getpixel((x, y))  # type: ignore[misc]
    return (r, g, b) if a == 255 else None


def drawn(image: Image.Image, x: int, top: int = 40) -> list[int]:
    """The rows of column x below the title holding an opaque pixel that is not grey."""
    return [y for y in range(top, image.height) if colour(image, x, y) not in (None, GREY)]


def test_a_point_is_drawn_at_its_height_on_the_scale() -> None:
    """Values 2 then 4: the scale tops at 4 (steps of 1), so 2 is at 206 and 4 at 56."""
    image = picture({"service user": [0] * 6 + [2, 2, 2] + [4, 4, 4]})
    # y = 356 - v * 75; where the line is flat only the round point (radius 6) shows.
    assert drawn(image, 581) == list(range(50, 63))  # week 10, value 4: 56 - 6 .. 56 + 6
    assert drawn(image, 431) == list(range(200, 213))  # week 7, value 2: 206 - 6 .. 206 + 6
    assert drawn(image, 131) == list(range(350, 363))  # week 1, value 0: on the zero line


def test_a_larger_top_is_rounded_up_to_a_whole_step() -> None:
    """A highest value of 7 rounds the scale up to 8 (steps of 2): 6 is at 356 - 6 * 37.5."""
    image = picture({"provider": [0] * 8 + [6, 6, 6] + [7]})
    assert drawn(image, 531) == list(range(125, 138))  # week 9, value 6: 131 - 6 .. 131 + 6


def test_sides_differ_by_line_pattern_not_colour_alone() -> None:
    """The first side's line is unbroken; the second's shows only in 12 of every 18 columns."""
    image = picture({"provider": [3] * 12, "service user": [1] * 12})  # y 56 and y 256
    assert {colour(image, x, 56) for x in range(81, 632)} == {BLUE}
    points = [81 + 50 * i for i in range(12)]
    between = [x for x in range(81, 632) if all(abs(x - p) > 5 for p in points)]
    shown = {x for x in between if colour(image, x, 256) == ORANGE}
    assert shown == {x for x in between if x % 18 < 12}


def test_sides_differ_by_the_shape_of_their_points() -> None:
    """A square point fills its corner; a round one of about the same size does not."""
    image = picture({"provider": [3] * 12, "service user": [1] * 12})
    corners = [(131 + dx, dy) for dx in (-5, 5) for dy in (-5, 5)]  # around week 1's points
    assert [colour(image, x, 256 + dy) for x, dy in corners] == [ORANGE] * 4  # the square's
    assert [colour(image, x, 56 + dy) for x, dy in corners] == [None] * 4  # 7.07 > radius 6


def test_each_line_is_named_at_its_end_in_its_colour() -> None:
    """Right of the last points, "provider" is written at height 56 and "service user" at 256."""
    image = picture({"provider": [3] * 12, "service user": [1] * 12})
    margin = [(x, y) for x in range(643, 800) for y in range(40, 400)]
    blue = {y for x, y in margin if colour(image, x, y) == BLUE}
    orange = {y for x, y in margin if colour(image, x, y) == ORANGE}
    assert blue and min(blue) >= 56 - 8 and max(blue) <= 56 + 8
    assert orange and min(orange) >= 256 - 8 and max(orange) <= 256 + 8


def test_lines_with_the_same_figures_both_stay_visible() -> None:
    """Two sides with equal counts: the wide blue shows around and between the orange dashes."""
    image = picture({"a": [2] * 12, "b": [2] * 12})  # both at y 56
    between = [colour(image, x, y) for x in range(88, 125) for y in range(50, 63)]
    assert {c for c in between if c} == {BLUE, ORANGE}
    # The blue line is 7 wide (53 to 59), the orange 5 (54 to 58): row 53 is blue throughout.
    assert {colour(image, x, 53) for x in range(88, 125)} == {BLUE}
    names = {colour(image, x, y) for x in range(643, 800) for y in range(40, 100)}
    assert {BLUE, ORANGE} <= names  # "a" and "b" both named, one above the other
