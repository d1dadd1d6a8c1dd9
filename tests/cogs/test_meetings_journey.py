"""One conversation through meetings, as a group lives it, with restarts along the way.

plan -> avail -> pick -> RSVP -> reminders -> "Who came?" -> attendance -> report.
The harness starts Monday 30 November 2026 09:00 UTC (the group's zone, London, is UTC).
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.core.model import Role
from tests.harness import Harness


async def test_from_finding_a_time_to_the_report_across_restarts(harness: Harness) -> None:
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob", "carol", "fran")
    await h.ok("olivia", '!settings set constituencies "service user, provider"')
    await h.ok("alice", '!me constituency "service user"')
    await h.ok("bob", "!me constituency provider")

    # Finding a time: Tuesday suits alice and carol, Wednesday only bob.
    await h.ok("fran", '!meeting plan "Budget" "tue 18:00" "wed 18:00" --length 2h '
                       '--closes "in 6 hours"')  # fmt: skip
    await h.ok("alice", "!meeting avail 1 1=yes 2=no")
    await h.ok("bob", "!meeting avail 1 1=maybe 2=yes")
    await h.ok("carol", "!meeting avail 1 1=yes 2=maybe")
    await h.restart()
    await h.wait(timedelta(hours=6, minutes=1))  # the plan closes by itself at 15:00
    (meeting,) = [p for p in h.posts if p.key == "meeting:1"]
    assert "slot 1" in meeting.body
    shown = {f.name: f.value for f in (await h.ok("bob", "!meeting show 1")).fields}
    assert shown["Going (2)"] == "alice, carol" and shown["Maybe (1)"] == "bob"

    # carol can no longer come; the reminders go to those going or maybe, once each.
    await h.ok("carol", "!meeting rsvp 1 no")
    await h.restart()
    await h.wait(timedelta(hours=3))  # Monday 18:01: 24 hours before
    assert len(h.dms("alice")) == 1 and len(h.dms("bob")) == 1 and h.dms("carol") == []
    await h.restart()
    await h.wait(timedelta(hours=23))  # Tuesday 17:01: one hour before
    assert [r.title for r in h.dms("alice")] == ["Meeting reminder"]
    assert [r.title for r in h.dms("bob")] == ["Meeting reminder"]
    assert h.dms("carol") == []

    # After the meeting (18:00-20:00) the facilitators are asked who came.
    await h.wait(timedelta(hours=3))  # Tuesday 20:01
    (asked,) = [p for p in h.posts if p.title == "Who came?"]
    assert asked.choice is not None and asked.choice.options == ("alice", "bob")
    refused = await h.say("alice", f"!{asked.choice.command} {' '.join(asked.choice.args)} 1,2")
    assert refused.error
    await h.ok("fran", f"!{asked.choice.command} {' '.join(asked.choice.args)} 1,2")
    await h.ok("carol", '!contrib log 1h "read the budget papers"')
    await h.ok("fran", "!contrib confirm 3")

    # The report: two hours each for alice and bob, carol's hour, and a line per side.
    await h.restart()
    report = await h.ok("olivia", "!contrib report --from 2026-12-01 --to 2026-12-31")
    (file,) = report.files
    rows = {r["person"]: r for r in csv.DictReader(io.StringIO(file.data.decode()))}
    assert rows["alice"]["confirmed hours"] == "2" and rows["alice"]["meetings attended"] == "1"
    assert rows["bob"]["confirmed hours"] == "2" and rows["bob"]["constituency"] == "provider"
    assert rows["carol"]["confirmed hours"] == "1" and rows["carol"]["meetings attended"] == "0"
    assert "service user: 2 confirmed hours" in report.body
    assert "provider: 2 confirmed hours" in report.body
