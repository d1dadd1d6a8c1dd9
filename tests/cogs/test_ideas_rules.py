"""The pure rules of ideas: what a closed poll does, and when an idea counts as waiting."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from cogs.ideas._decision import poll_verdict
from cogs.ideas._digest import digest_sections
from cogs.ideas._waiting import is_stale, quiet_since
from cogs.polls import PollClosed
from storage.ideas import Idea

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def outcome(kind: str, consent: str | None, winners: tuple[str, ...] = ()) -> PollClosed:
    """A closed poll 4's outcome."""
    reasons = ("I work Tuesdays",) if consent == "blocked" else ()
    return PollClosed(4, "g", kind, "Adopt idea 1", 3, winners, consent, reasons)


def idea(status: str = "proposed", changed: datetime = NOW) -> Idea:
    """An idea last changed at `changed`."""
    return Idea(
        1, "g", "c", "alice", False, "Free tea", status, None, changed, changed,
        None, None, None, None, False, None,
    )  # fmt: skip


def test_a_passed_consent_decision_adopts_and_a_block_sends_back_with_reasons() -> None:
    """Passed: adopted with the poll named; blocked: discussing, the reasons for the thread."""
    assert poll_verdict(outcome("consent", "passed")) == (
        "adopted",
        "the consent decision passed (poll 4)",
        None,
    )
    target, _, line = poll_verdict(outcome("consent", "blocked"))
    assert target == "discussing" and line == "Poll 4 was blocked: I work Tuesdays"


def test_other_polls_record_their_winner_and_move_nothing() -> None:
    """A single poll's winner (or a tie) is the outcome; no ballots decides nothing."""
    assert poll_verdict(outcome("single", None, ("6pm", "7pm"))) == (
        None,
        "poll 4 chose 6pm and 7pm",
        "Poll 4 chose: 6pm and 7pm",
    )
    assert poll_verdict(outcome("consent", "no ballots"))[0] is None
    assert poll_verdict(outcome("single", None))[2] == "Poll 4 closed with no votes."


def test_talk_in_the_thread_moves_the_quiet_start_to_the_next_day() -> None:
    """Quiet since the day after the last message, or the last change if that is later."""
    changed = NOW - timedelta(days=10)
    assert quiet_since(idea(changed=changed), None) == changed
    assert quiet_since(idea(changed=changed), "2026-11-28") == datetime(2026, 11, 29, tzinfo=UTC)
    assert quiet_since(idea(changed=NOW), "2026-11-28") == NOW


def test_only_an_open_idea_quiet_for_the_whole_period_is_stale() -> None:
    """7 days with no change and no message: stale; a message 3 days ago, or adopted: not."""
    old = NOW - timedelta(days=8)
    assert is_stale(idea(changed=old), None, NOW, 7)
    assert not is_stale(idea(changed=old), "2026-11-28", NOW, 7)
    assert not is_stale(idea("adopted", changed=old), None, NOW, 7)
    assert not is_stale(idea(changed=NOW - timedelta(days=6)), None, NOW, 7)


def test_the_digest_names_the_longest_waiting_ideas_and_counts_the_rest() -> None:
    """20 open ideas: the 15 oldest are named, oldest first; the figure counts all 20."""
    ideas = [
        dataclasses.replace(idea(changed=NOW - timedelta(days=40 - n)), id=n) for n in range(20)
    ]
    (section,) = digest_sections(ideas, {}, set(), NOW - timedelta(days=7), NOW)
    assert section.lines[0].startswith("Idea 0 ") and section.lines[14].startswith("Idea 14 ")
    assert section.lines[15] == "…and 5 more: `!idea list --sort new`"
    assert ("ideas waiting", 20) in [(f.label, f.value) for f in section.figures]
