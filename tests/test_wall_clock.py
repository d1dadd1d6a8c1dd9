"""No test depends on today's date or the time of day unless it says so on the line."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Reading the date or time of day (durations from a monotonic clock are fine).
WALL_CLOCK = re.compile(
    r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|time\.time\(|SystemClock\(\)"
    r"|OffsetClock\(\)|ManualClock\(\)"
)
OPT_IN = "allow-wall-clock"


def wall_clock_reads() -> list[str]:
    """Every line of a test or benchmark that reads the wall clock without opting in."""
    found = []
    for folder in ("tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if WALL_CLOCK.search(line) and OPT_IN not in line:
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    return found


def test_no_test_reads_the_wall_clock_without_saying_so() -> None:
    """Tests take time from the harness's clock or a fixed start; a deliberate read is marked."""
    reads = [r for r in wall_clock_reads() if not r.startswith("tests/test_wall_clock.py")]
    assert reads == [], "\n".join(["read the wall clock; use a fixed start:", *reads])


def test_the_check_finds_a_read() -> None:
    """The pattern catches the ways a test would ask for today (so the check can fail)."""
    for line in (
        "now = datetime.now(UTC)",  # allow-wall-clock (an example the check must catch)
        "clock = SystemClock()",
        "ManualClock()",
        "date.today()",  # allow-wall-clock (an example the check must catch)
    ):
        assert WALL_CLOCK.search(line), line
    assert not WALL_CLOCK.search("clock = ManualClock(START)")
