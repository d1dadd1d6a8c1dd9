"""The plain-English check every test's replies go through (tests/conftest.py) catches slips."""

from __future__ import annotations

import pytest

from bot.core.model import File
from tests.plain_words import file_text, nouns, problems


@pytest.mark.parametrize(
    "said",
    [
        "Round run: 2 pairing(s) proposed.",
        "Kept: 1 meeting answers, without your name.",
        "0 of 1 members have voted",
        "Give at least 1 people.\nUsage: !contrib came 3 PERSON...",
        "Idea 3 is parked; it can be withdrawed only while proposed.",
        "A round needs at least two people ready to pair; 0 is.",
        "Every monday at 09:00 (UTC) to the organisers.",
        "2026-12: 3 hours confirmed, 0 hours waiting",
        "Round run: 3 pairing proposed to the 4 people ready.",
        "Idea 2 has had no news for 1 days.",
        "Attendance at 1 meetings, by constituency",
    ],
)
def test_each_slip_the_issue_names_is_caught(said: str) -> None:
    """Every example from the issue (and a few like them) is reported."""
    assert problems(said), said


@pytest.mark.parametrize(
    "said",
    [
        "0 of 1 member has voted (0%)",
        "1 of 10 members has voted (10%)",
        "Round run: 1 pairing proposed to the 3 people ready. 1 person not paired is told why.",
        "Poll 2 is closed.",
        "Meeting 1: type `!contrib came 1 (s) 2 pairing(s)`.",  # a typed example
        "Every Monday at 09:00; 1 hour 30 minutes; 2 weeks or 4 weeks.",
        "December 2026: 3 hours confirmed, 1 hour waiting",
        "2026-12-04 18:30 (Europe/London)",
        "Blocked (1 block): 0 agree, 1 abstain, 0 object.",
        "- kept: 2 meeting answers, 1 confirmed contribution entry",
        "Quiet hours 21:00-08:00 (UTC+1): nudges wait.",
    ],
)
def test_right_english_passes(said: str) -> None:
    """Counts that agree, typed examples in backticks, dates and times are not reported."""
    assert problems(said) == []


def test_the_counted_nouns_come_from_the_ngettext_calls() -> None:
    """Nouns counted only through ngettext (a supporter, a ballot) are checked too."""
    counted = nouns()
    assert counted["supporter"] == "supporters"
    assert counted["ballot"] == "ballots"
    assert counted["person"] == "people"


def test_a_calendar_is_read_for_its_summary_lines_only() -> None:
    """In an .ics only what people read is checked, not the rules and stamps."""
    ics = b"BEGIN:VEVENT\r\nDTSTART:20261201T180000Z\r\nSUMMARY:Forum (1 hours)\r\nEND:VEVENT\r\n"
    text = file_text(File("m.ics", ics, "text/calendar"))
    assert problems(text) and "DTSTART" not in text
