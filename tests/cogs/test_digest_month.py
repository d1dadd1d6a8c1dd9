"""A scripted month in the shell: the fourth Monday's digest matches what people did.

Six members: alice, bob and carol are service users, fran (facilitator) and pete are
providers, olivia (organiser) has not said. From Monday 30 November:
- week 1: alice proposes an idea, carol supports it, fran opens a consent poll to
  close on Thursday 24 December;
- week 2: fran adds a meeting for Tuesday 22 December; bob and pete answer going, alice maybe;
- week 3: alice and pete opt in to mentoring, fran runs a round, both accept;
- week 4: alice and bob vote, the meeting is held and fran records bob and pete as there,
  and the poll passes.
The bot is restarted on Monday 28 December at 08:59; the digest goes out at 09:00.
"""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from bot.core.model import Reply, Role
from tests.harness import START, Harness


def digests(h: Harness, who: str) -> list[Reply]:
    """The weekly digests someone received."""
    return [r for r in h.dms(who) if (r.title or "").startswith("Weekly digest")]


async def until(h: Harness, days: float, hours: float = 0) -> None:
    """Wait until START plus the given time."""
    await h.wait(START + timedelta(days=days, hours=hours) - h.clock.now())


async def test_a_month_of_actions_adds_up_in_the_fourth_digest(harness: Harness) -> None:
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob", "carol", "fran", "pete")
    await h.ok("olivia", '!settings set constituencies "service user, provider"')
    for who in ("alice", "bob", "carol"):
        await h.ok(who, '!me constituency "service user"')
    for who in ("fran", "pete"):
        await h.ok(who, "!me constituency provider")

    # Week 1: Monday 30 November, from 10:00.
    await until(h, 0, 1)
    await h.ok("alice", '!idea add "Evening sessions for people on shifts"')
    await h.ok("carol", "!idea support 1")
    await h.ok("fran", '!poll create "Move the group to evenings?" --kind consent '
                       '--closes "2026-12-24 12:00"')  # fmt: skip

    # Week 2: Monday 7 December.
    await until(h, 7, 1)
    await h.ok("fran", '!meeting add "Steering group" "2026-12-22 18:00" --length 90m')
    await h.ok("bob", "!meeting rsvp 1 going")
    await h.ok("pete", "!meeting rsvp 1 going")
    await h.ok("alice", "!meeting rsvp 1 maybe")

    # Week 3: Monday 14 December.
    await until(h, 14, 1)
    await h.ok("alice", "!mentor join mentee")
    await h.ok("pete", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    await h.ok("alice", "!mentor accept 1")
    await h.ok("pete", "!mentor accept 1")

    # Week 4: Monday 21 December; the meeting on Tuesday, the poll closing on Thursday.
    await until(h, 21, 1)
    await h.ok("alice", "!poll vote 1 agree")
    await h.ok("bob", "!poll vote 1 agree")
    await until(h, 22, 11)  # Tuesday 22 December 20:00, after the meeting
    await h.ok("fran", "!meeting attended 1 @bob @pete")
    await until(h, 27, 23)  # Sunday night: three digests so far, one a week
    assert len(digests(h, "olivia")) == 3
    # The third (Monday 21 December) had week 3's mentoring: totals only, no names.
    third = {f.name: f.value for f in digests(h, "olivia")[2].fields}
    assert third["Mentoring (counts only)"].splitlines() == [
        "pairings proposed: 1", "accepted by both: 1", "met: 0", "ended early: 0"
    ]  # fmt: skip

    # Monday 28 December 08:59: a restart, then 09:00.
    await until(h, 28, -1 / 60)
    await h.restart()  # (what the shell shows starts afresh)
    assert digests(h, "olivia") == []
    await until(h, 28, 1 / 60)
    (sent,) = digests(h, "olivia")
    assert digests(h, "fran") == []
    fields = {f.name: f.value for f in sent.fields}

    # Decided this week: the poll, and the meeting with who came, by constituency.
    assert "Poll 1, Move the group to evenings?: passed, 2 voted" in fields["Polls decided"]
    assert (
        "Attendance at 1 meeting, by constituency: provider: 1, service user: 1"
        in (fields["Meetings"])
    )
    # Mentoring this week: totals only (the round was in week 3, so none this week).
    # Participation over 4 weeks: every service user acted (alice, bob, carol), and both
    # providers: pete, and fran, whose poll (week 1), meeting set up (week 2) and mentoring
    # round (week 3) count as taking part (facilitating).
    # This week: alice's and bob's votes and bob's attendance are service users' (3 of 4);
    # pete's attendance is the providers' 1.
    parity = fields["Participation (last 4 weeks, by constituency)"].splitlines()
    assert parity == [
        "provider: 2 members (33%), 2 active in 4 weeks, 25% of this week's actions",
        "service user: 3 members (50%), 3 active in 4 weeks, 75% of this week's actions",
        "not said: 1 member (17%), 0 active in 4 weeks, 0% of this week's actions",
    ]
    # Quiet for 3 weeks: carol (her support was in week 1) and olivia (no actions); fran set
    # up the meeting on 7 December and ran the mentoring round in week 3.
    quiet = fields[next(n for n in fields if n.startswith("Gone quiet"))].split(", ")
    assert quiet == ["carol", "olivia"]
    # The chart's figures, oldest week first: week 1 (idea, support; fran's poll), week 2
    # (fran setting up the meeting, three answers), week 3 (alice and pete joining mentoring
    # and answering, fran running the round), week 4 (two votes, two attendances).
    weekly = dict(line.split(": ", 1) for line in fields["Actions per week"].splitlines())
    assert weekly["service user"].split(", ")[-4:] == ["2", "2", "2", "3"]
    assert weekly["provider"].split(", ")[-4:] == ["1", "2", "3", "1"]
    (png,) = sent.files
    picture = Image.open(io.BytesIO(png.data))
    assert picture.format == "PNG" and picture.size == (800, 400)
