"""The digest's chart: weekly actions per constituency over 12 weeks, as a PNG.

Drawn with Pillow on a palette image: about 4 ms a chart, where matplotlib took 46 ms
at best (a figure reused) and 230 ms as first written, which alone would have kept
1,000 groups' Monday digests from going out in the 10 s the issue asks for.

Sides are told apart without colour too: each line has its own pattern (solid, long
dashes, short dashes, dots: the line is drawn only in some columns) and point shape, and
is named at its end. Lines drawn later are thinner and more broken, so where two sides
have the same figures both still show.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.core.i18n import _

WIDTH, HEIGHT = 800, 400
# The plot area's margins, in pixels: the right one holds each line's name at its end.
LEFT, RIGHT, TOP, BOTTOM = 56, 144, 56, 44
LABEL_GAP = 12  # between a line's last point and its name
LABEL_SIZE = 13
LINE_HEIGHT = 15  # names closer than this are moved apart

# Mid-tone colours and a grey text and grid read on both dark and light chat themes,
# over a transparent background. Palette index 0 is the transparent background.
COLOURS = ((78, 121, 167), (242, 142, 43), (89, 161, 79), (225, 87, 89), (176, 122, 161),
           (156, 117, 95), (118, 183, 178))  # fmt: skip
TEXT, GRID = len(COLOURS) + 1, len(COLOURS) + 2
PALETTE = [0, 0, 0, 0]
for rgb in COLOURS:
    PALETTE += [*rgb, 255]
PALETTE += [136, 136, 136, 255, 136, 136, 136, 90]

# Per side, in name order: on/off widths of its line's columns (() is solid), its width,
# and its points' shape and radius. Later sides are drawn over earlier ones, thinner and
# with gaps.
PATTERNS: tuple[tuple[int, ...], ...] = ((), (12, 6), (6, 6), (2, 4))
WIDTHS = (7, 5, 3, 3)
SHAPES = ("circle", "square", "diamond", "triangle")
RADII = (6, 5, 4, 4)


@lru_cache(maxsize=4096)
def _stamp(text: str, size: int) -> Image.Image:
    """A label drawn once as a stencil: the same week and figure labels recur in every chart."""
    font = ImageFont.load_default(size=size)
    _left, _top, right, bottom = font.getbbox(text)
    stencil = Image.new("1", (int(right) + 3, int(bottom) + 3), 0)  # room for the last glyph
    ImageDraw.Draw(stencil).text((0, 0), text, 1, font)
    return stencil


def _write(
    image: Image.Image,
    xy: tuple[float, float],
    text: str,
    size: int = 13,
    centred: bool = False,
    right: bool = False,
    colour: int = TEXT,
) -> None:
    stencil = _stamp(text, size)
    x = xy[0] - (stencil.width / 2 if centred else stencil.width if right else 0)
    image.paste(colour, (round(x), round(xy[1])), stencil)


def nice_step(top: int) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most 5 gridlines up to `top`."""
    if top <= 5:
        return 1
    power = 10 ** int(math.log10(top / 5))
    return next(s * power for s in (1, 2, 5, 10) if top / (s * power) <= 5)


def fitted(text: str, room: int) -> str:
    """`text`, shortened with an ellipsis if its label would be wider than `room` pixels."""
    if _stamp(text, LABEL_SIZE).width <= room:
        return text
    while len(text) > 1 and _stamp(text + "…", LABEL_SIZE).width > room:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=8)
def _gaps(pattern: tuple[int, ...]) -> Image.Image:
    """A mask open in the columns a patterned line leaves out: after every `on`, `off`.

    Breaking a line by columns costs two pastes, where cutting it into dashes along its
    path took a drawing call per dash (a digest's steep lines have hundreds).
    """
    on, off = pattern
    row = bytes(0 if x % (on + off) < on else 255 for x in range(WIDTH))
    return Image.frombytes("L", (WIDTH, 1), row).resize((WIDTH, HEIGHT), Image.Resampling.NEAREST)


def _line(
    image: Image.Image,
    points: Sequence[tuple[float, float]],
    pattern: tuple[int, ...],
    colour: int,
    width: int,
) -> None:
    """A polyline, solid or broken into columns by `pattern` (on, off widths in pixels)."""
    if not points:
        return
    pad = width + 2
    box = (
        max(0, math.floor(min(x for x, _ in points)) - pad),
        max(0, math.floor(min(y for _, y in points)) - pad),
        min(WIDTH, math.ceil(max(x for x, _ in points)) + pad),
        min(HEIGHT, math.ceil(max(y for _, y in points)) + pad),
    )
    mask = Image.new("L", (box[2] - box[0], box[3] - box[1]), 0)
    shifted = [(x - box[0], y - box[1]) for x, y in points]
    ImageDraw.Draw(mask).line(shifted, 255, width=width, joint="curve")
    if pattern:
        mask.paste(0, (0, 0, *mask.size), _gaps(pattern).crop(box))
    image.paste(colour, box, mask)


def _point(draw: ImageDraw.ImageDraw, x: float, y: float, shape: str, r: int, colour: int) -> None:
    if shape == "circle":
        draw.ellipse((x - r, y - r, x + r, y + r), colour)
    elif shape == "square":
        draw.rectangle((x - r, y - r, x + r, y + r), colour)
    elif shape == "diamond":
        draw.polygon([(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)], colour)
    else:
        draw.polygon([(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)], colour)


def weekly_chart(weeks: Sequence[str], series: Mapping[str, Sequence[int]]) -> bytes:
    """A line per constituency (sorted by name) of actions per week; a transparent PNG."""
    image = Image.new("P", (WIDTH, HEIGHT), 0)
    image.putpalette(PALETTE, "RGBA")
    draw = ImageDraw.Draw(image)
    _write(image, (LEFT + (WIDTH - LEFT - RIGHT) / 2, 12), _("Actions per week, by constituency"),
           16, centred=True)  # fmt: skip

    highest = max((n for counts in series.values() for n in counts), default=0)
    step = nice_step(highest)
    top = max(step, math.ceil(highest / step) * step)
    bottom_y, plot_h = HEIGHT - BOTTOM, HEIGHT - BOTTOM - TOP
    for value in range(0, top + 1, step):
        y = bottom_y - value * plot_h / top
        draw.line([(LEFT, y), (WIDTH - RIGHT, y)], GRID)
        _write(image, (LEFT - 8, y - 8), str(value), right=True)

    gap = (WIDTH - LEFT - RIGHT) / max(1, len(weeks))
    xs = [LEFT + gap * (i + 0.5) for i in range(len(weeks))]
    for x, label in zip(xs, weeks, strict=True):
        _write(image, (x, bottom_y + 10), label, 12, centred=True)

    ends = []
    for n, (side, counts) in enumerate(sorted(series.items())):
        colour = n % len(COLOURS) + 1
        style = min(n, len(WIDTHS) - 1)
        points = [(x, bottom_y - v * plot_h / top) for x, v in zip(xs, counts, strict=True)]
        _line(image, points, PATTERNS[n % len(PATTERNS)], colour, WIDTHS[style])
        for x, y in points:
            _point(draw, x, y, SHAPES[n % len(SHAPES)], RADII[style], colour)
        if points:
            ends.append((points[-1][1], side, colour))

    # Each line's name at its end, in its colour; names that would touch are moved apart,
    # and a stack that would run past the zero line is lifted as a whole.
    label_x = (xs[-1] if xs else LEFT) + LABEL_GAP
    placed: list[float] = []
    for y, _side, _colour in sorted(ends):
        placed.append(max(y - LINE_HEIGHT / 2, placed[-1] + LINE_HEIGHT if placed else -1e9))
    lift = max(0.0, placed[-1] - (bottom_y - LINE_HEIGHT / 2)) if placed else 0.0
    for at, (_y, side, colour) in zip(placed, sorted(ends), strict=True):
        _write(image, (label_x, at - lift), fitted(side, int(WIDTH - label_x - 4)), colour=colour)

    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()
