"""The digest's chart: weekly actions per constituency over 12 weeks, as a PNG."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # no screen: render to memory only

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

# Mid-tone colours and a grey grid read on both dark and light chat themes.
COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#9c755f", "#76b7b2")


def weekly_chart(weeks: Sequence[str], series: Mapping[str, Sequence[int]]) -> bytes:
    """A line per constituency of actions per week; transparent background."""
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    try:
        fig.patch.set_alpha(0)
        ax.set_facecolor("none")
        for i, (side, counts) in enumerate(sorted(series.items())):
            ax.plot(weeks, counts, marker="o", label=side, color=COLOURS[i % len(COLOURS)])
        ax.set_title("Actions per week, by constituency", color="#888888")
        ax.tick_params(colors="#888888", labelsize=8)
        ax.grid(color="#888888", alpha=0.3)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # actions are whole numbers
        for spine in ax.spines.values():
            spine.set_color("#888888")
        if series:
            ax.legend(fontsize=8, framealpha=0.6)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", bbox_inches="tight")
        return buf.getvalue()
    finally:
        plt.close(fig)
