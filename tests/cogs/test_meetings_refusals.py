"""Every meetings refusal answers clearly, says what to type instead, and changes nothing."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """Meeting 1 on Tuesday; meeting 2 cancelled; alice logged entry 1; plan 1 has 2 slots."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob")
    await harness.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await harness.ok("fran", '!meeting add "Old" "wednesday 18:00"')
    await harness.ok("fran", "!meeting cancel 2")
    await harness.ok("alice", '!contrib log 1h "flyers"')
    await harness.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00"')
    return harness


REFUSALS = [
    ("fran", '!meeting add X "banana"', "I can't read 'banana' as a time"),
    ("fran", '!meeting add X "yesterday 18:00"', "already passed"),
    ("fran", '!meeting add X "tuesday 18:00" --length 0m', "more than zero"),
    ("fran", '!meeting add X "tuesday 18:00" --length 13h', "at most 12 hours"),
    ("fran", '!meeting add X "tuesday 18:00" --length lots', "not a length"),
    ("fran", '!meeting add X "tuesday 18:00" --every year', "week, 2 weeks or month"),
    ("fran", '!meeting add X "2026-12-10 18:00" --every week --until 2026-12-05', "before"),
    ("fran", '!meeting add X "tuesday 18:00" --until 2026-12-20', "for a series"),
    ("alice", '!meeting add X "tuesday 18:00"', "facilitator"),
    ("alice", "!meeting rsvp 2 going", "cancelled"),
    ("alice", "!meeting rsvp 1 perhaps", "going, maybe or no"),
    ("alice", "!meeting rsvp 9 going", "no meeting 9"),
    ("alice", "!meeting attended 1 @bob", "facilitator"),
    ("fran", "!meeting attended 1 @bob", "not taken place"),
    ("alice", "!meeting here 1", "only during it"),
    ("fran", "!meeting cancel 2", "already cancelled"),
    ("fran", '!meeting move 1 "yesterday 18:00"', "already passed"),
    ("alice", '!contrib log -2h "flyers"', "not a length"),
    ("alice", '!contrib log 25h "flyers"', "An entry is at most 1 day; '25h' is longer"),
    ("alice", '!contrib log 0h "flyers"', "more than zero"),
    ("alice", "!contrib confirm 1", "facilitator"),
    ("fran", "!contrib confirm 7", "no contribution entry 7"),
    ("fran", "!contrib query 1", "Say what to check"),
    ("olivia", "!contrib report --from 2026-12-01 --to 2026-11-01", "after --to"),
    (
        "olivia",
        "!contrib report --from 1/12 --to 2026-12-01",
        "--from: '1/12' could be read two ways",
    ),
    ("olivia", "!contrib report --from 2026-11-01", "--to is needed too: give both"),
    ("olivia", '!contrib report --from "31 nov" --to 2026-12-01', "--from:"),
    ("olivia", '!contrib report --from "1 nox" --to 2026-12-01', "--from:"),
    ("alice", "!contrib report --from 2026-11-01 --to 2026-12-01", "organiser"),
    # Dates past what the bot can count with (a traceback before): the allowed range is named.
    ("fran", '!meeting add X "9999-12-31 23:59"', "from the year 2000 to 5 years ahead"),
    ("fran", '!meeting add X "2031-12-01 18:00"', "more than 5 years away"),
    ("fran", '!meeting add X "tue 18:00" --every week --until 9999-12-31', "to 5 years ahead"),
    ("fran", '!meeting move 1 "9999-12-31 23:59"', "from the year 2000 to 5 years ahead"),
    ("fran", '!meeting plan X "tue 18:00" "9999-12-31 23:59"', "to 5 years ahead"),
    ("olivia", "!contrib report --from 0001-01-01 --to 9999-12-31", "--from: '0001-01-01' is out"),
    ("olivia", "!contrib report --from 2026-11-01 --to 9999-12-31", "--to: '9999-12-31' is out"),
    ("fran", '!meeting plan X "tue 18:00" "tuesday 18:00"', "same time"),
    ("fran", "!meeting plan X " + " ".join(f'"in {d} days"' for d in range(1, 12)), "at most 10"),
    ("fran", '!meeting plan X "tue 18:00" "wed 18:00" --closes "in 5 days"', "before the first"),
    ("alice", '!meeting plan X "tue 18:00" "wed 18:00"', "facilitator"),
    ("alice", "!meeting avail 1 3=yes", "no slot 3"),
    ("alice", "!meeting avail 1 1=perhaps", "SLOT=yes, maybe or no"),
    ("alice", "!meeting avail 1 1=yes 1=no", "answered twice"),
    # Only a slot's number names it: every "-" was stripped, so -1 was slot 1, 1-0 slot 10.
    ("alice", "!meeting avail 1 -1=yes", "'-1' is not a slot number: plan 1 has slots 1 to 2"),
    ("alice", "!meeting avail 1 1-0=yes", "'1-0' is not a slot number"),
    ("alice", "!meeting avail 1 ١=yes", "'١' is not a slot number"),
    ("alice", "!meeting avail 1 =yes", "'' is not a slot number"),
    ("alice", "!meeting avail 1 1=yes-no", "'yes-no' is not an answer for slot 1"),
    ("alice", "!meeting avail 1 1=if need", "'if need' is not an answer for slot 1"),
    ("alice", "!meeting avail 1 yes", "'yes' is not an answer; write SLOT=yes, maybe or no"),
    ("fran", "!meeting pick 1 5", "slots 1 to 2"),
    # A count agrees with its noun: it said "Give at least 1 people".
    ("fran", "!meeting attended 1", "Give at least 1 person.\nUsage: !meeting attended ID"),
    ("alice", "!meeting pick 1 1", "facilitator"),
]


@pytest.mark.parametrize(("who", "text", "expected"), REFUSALS)
async def test_refusal_changes_nothing(h: Harness, who: str, text: str, expected: str) -> None:
    """A bad command gets a private, clear message and leaves the database as it was."""
    await h.refused(who, text, expected)


async def test_a_meeting_just_inside_five_years_is_taken(h: Harness) -> None:
    """A meeting on the last allowed day (five years of 365 days ahead) is added."""
    reply = await h.ok("fran", '!meeting add Far "2031-11-29 18:00"')
    assert reply.title == "Meeting 3: Far"
