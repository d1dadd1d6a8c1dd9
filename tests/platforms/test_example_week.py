"""examples/a-week.txt, fed to the real shell, shows a group's week happen in order."""

from __future__ import annotations

from pathlib import Path

from tests.platforms.shell_process import coprod

WEEK = Path(__file__).resolve().parents[2] / "examples" / "a-week.txt"

# The key moments of the week, in the order they must appear, written out by hand.
MOMENTS = [
    "== Poll 1: Which evening suits the housing forum? ==",
    "Closes: Thu 03 Dec 2026, 18:00 GMT (UTC+0) (in 3 days)",
    "alice> 2\n> !poll vote 1 2\n[private to alice] Your vote on poll 1 is in: Tuesday.",
    "bob> poll vote 1 wednesday\n[private to bob] Your vote on poll 1 is in: Wednesday.",
    "== Idea 1 ==\nOpen the drop-in on Saturday mornings for people who work in the week",
    "carol> 1\n> !idea toggle 1\n[private to carol] You support idea 1.",
    "[DM to alice]\n== A mentoring pairing for you ==",
    "== Meet alice (pairing 1) ==",
    "The clock is now Tue 01 Dec 2026 09:00 UTC.",
    "[private to fran] Idea 1 is now under discussion.",
    "== Meeting 1: Housing forum ==\nWhen: Thu 03 Dec 2026, 18:30 GMT (UTC+0)",
    "alice> 1\n> !meeting rsvp 1 going\n[private to alice] You are going to Housing forum",
    "[private to bob] You might come to Housing forum",
    "The clock is now Wed 02 Dec 2026 18:00 UTC.\n[DM to carol]\n== A poll is closing soon ==",
    "[private to carol] Your vote on poll 1 is in: Tuesday.",
    "The clock is now Wed 02 Dec 2026 18:30 UTC.\n[DM to alice]\n== Meeting reminder ==\n"
    "Reminder: Housing forum starts Thu 03 Dec 2026, 18:30 GMT (UTC+0) (in 24 hours)",
    "Reminder: Housing forum starts Thu 03 Dec 2026, 18:30 GMT (UTC+0) (in 60 minutes)",
    "[private to fran] Idea 1 is now adopted.",
    "Status: adopted. The forum agreed to try it for three months",
    "== Results of poll 1 (closed): Which evening suits the housing forum? ==",
    "Turnout: 3 of 5 members have voted (60%)\nWinner: Tuesday",
    "== Who came? ==",
    "Recorded at Housing forum on Thu 03 Dec 2026, 18:30 GMT (UTC+0): alice, bob"
    " (1.5 hours each, confirmed).",
    "The clock is now Mon 07 Dec 2026 09:00 UTC.\n[DM to you]\n== Weekly digest: Terminal ==",
    "Polls decided: Poll 1, Which evening suits the housing forum?: chose Tuesday, 3 voted",
    "Idea 1 adopted: the forum agreed to try it for three months",
    "[DM to alice]\n== Did you meet? ==",
    "alice> mentor checkin 1 met\n[private to alice] Thank you",
]


def test_a_week_plays_its_key_moments_in_order(tmp_path: Path) -> None:
    """From the poll to the Monday digest, each moment shows, after the one before it."""
    done = coprod(tmp_path / "week.sqlite3", WEEK.read_text())
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    at = 0
    for moment in MOMENTS:
        found = done.stdout.find(moment, at)
        assert found >= 0, f"missing after position {at}: {moment!r}\n{done.stdout[at:]}"
        at = found + len(moment)
    for slip in ("There is no command", "nothing to press", "Pick a number", "Usage:"):
        assert slip not in done.stdout
    files = tmp_path / "coprod-files"
    assert sorted(p.name for p in files.iterdir()) == ["digest.png", "meeting-1.ics"]


def test_a_week_is_typed_without_quote_marks() -> None:
    """Every command in the example is typed as a person would, with no quotes needed."""
    commands = [line for line in WEEK.read_text().splitlines() if not line.startswith("#")]
    assert [line for line in commands if '"' in line or "'" in line] == []
    assert any(line.startswith(":as ") for line in commands)
    assert any(line.startswith(":wait ") for line in commands)
