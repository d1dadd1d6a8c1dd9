"""A week of a group's commands typed without a single quote mark stores what the quoted week does."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.core.model import Role
from tests.harness import Harness

# (who, typed with quotes, typed without, then the clock moves on by): Monday 09:00 to Sunday.
WEEK: list[tuple[str, str, str, timedelta]] = [
    (
        "olivia",
        '!settings set constituencies "service user, provider, carer"',
        "!settings set constituencies service user, provider, carer",
        timedelta(),
    ),
    ("alice", '!me constituency "service user"', "!me constituency service user", timedelta()),
    ("bob", "!me constituency Provider", "!me constituency provider", timedelta()),
    (
        "fran",
        '!poll create "Which evening suits?" Monday Tuesday "Wed 7pm" --closes "friday 17:00"',
        "!poll create Which evening suits? Monday, Tuesday, Wed 7pm --closes friday 17:00",
        timedelta(),
    ),
    (
        "alice",
        '!idea add "Saturday drop-in for people who work"',
        "!idea add Saturday drop-in for people who work",
        timedelta(),
    ),
    ("bob", '!poll vote 1 "Wed 7pm"', "!poll vote 1 wed 7pm", timedelta()),
    (
        "fran",
        '!meeting add "Housing forum" "tuesday 18:00" --length 90m --where "Room 2, Town Hall" '
        '--every "2 weeks" --until "31 march"',
        "!meeting add Housing forum: tuesday 18:00 --length 90m --where Room 2, Town Hall "
        "--every 2 weeks --until 31 march",
        timedelta(),
    ),
    (
        "fran",
        '!meeting plan "Away day" "saturday 10:00" "sunday 10:00" --closes "thursday 12:00"',
        "!meeting plan Away day: saturday 10:00, sunday 10:00 --closes thursday 12:00",
        timedelta(hours=2),
    ),
    ("alice", "!meeting rsvp 1 going", "!meeting rsvp 1 Going", timedelta()),
    ("bob", '!meeting avail 1 "1=yes" "2=maybe"', "!meeting avail 1 1=yes, 2=maybe", timedelta()),
    (
        "carol",
        '!mentor join peer --topics "benefits, housing" --every "4 weeks"',
        "!mentor join peer --topics benefits, housing --every 4 weeks",
        timedelta(),
    ),
    (
        "dan",
        '!mentor join peer --topics "housing"',
        "!mentor join peer --topics housing",
        timedelta(),
    ),
    ("fran", "!idea status 1 discussing", "!idea status 1 discussing", timedelta(days=1, hours=9)),
    (
        "alice",
        '!contrib log 1.5h "travelling to the workshop"',
        "!contrib log 1.5h travelling to the workshop",
        timedelta(),
    ),
    (
        "fran",
        '!contrib query 1 --reason "Which workshop was it?"',
        "!contrib query 1 --reason Which workshop was it?",
        timedelta(days=1),
    ),
    (
        "fran",
        '!idea status 1 adopted --reason "Funded from April" --review "in 3 months"',
        "!idea status 1 adopted --reason Funded from April --review in 3 months",
        timedelta(),
    ),
    ("carol", '!mentor concern "We never meet"', "!mentor concern We never meet", timedelta()),
    ("bob", '!mentor avoid "@dan"', "!mentor avoid @dan", timedelta(days=1)),
    ("alice", '!poll vote 1 "Tuesday"', "!poll vote 1 tuesday", timedelta()),
    (
        "fran",
        '!meeting cancel 1 --next-only --reason "The room is not free"',
        "!meeting cancel 1 --next-only --reason The room is not free",
        timedelta(days=3),
    ),
]


async def stored_week(db: Path, typed: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows after the week, typed as WEEK's column `typed` (1 quoted, 2 not)."""
    h = await Harness(db).start()
    try:
        h.as_role("fran", Role.FACILITATOR)
        await h.join("alice", "bob", "carol", "dan", "fran")
        for who, with_quotes, without, later in WEEK:
            await h.ok(who, with_quotes if typed == 1 else without)
            await h.wait(later)
        return h.snapshot()
    finally:
        await h.close()


async def test_a_week_without_quotes_stores_what_the_quoted_week_does(tmp_path: Path) -> None:
    """Polls, ideas, meetings, plans, mentoring, time given, settings: the same rows, row by row."""
    quoted = await stored_week(tmp_path / "quoted.sqlite3", 1)
    unquoted = await stored_week(tmp_path / "unquoted.sqlite3", 2)
    assert sum(len(rows) for rows in quoted.values()) > 50  # the week really did things
    assert not any('"' in line[2] or "'" in line[2] for line in WEEK)
    for table in quoted.keys() - {"bot_instance"}:  # each database's own random name
        assert unquoted[table] == quoted[table], table
    # And what they store is what the group meant, written out by hand:
    assert [row[2] for row in unquoted["poll_options"]] == ["Monday", "Tuesday", "Wed 7pm"]
    assert [row[3] for row in unquoted["meetings"]] == ["Housing forum", "Away day"]
    assert unquoted["meetings"][0][6:10] == (90, "Room 2, Town Hall", "2 weeks", "2027-03-31T23:59")
    assert unquoted["meeting_plan_slots"] == [
        (1, 1, "2026-12-05T10:00:00+00:00"),
        (1, 2, "2026-12-06T10:00:00+00:00"),
    ]
    assert unquoted["ideas"][0][5:8] == (
        "Saturday drop-in for people who work",
        "adopted",
        "Funded from April",
    )
    assert unquoted["contrib_entries"][0][4:6] == (90, "travelling to the workshop")
    assert unquoted["contrib_entries"][0][8:10] == ("queried", "Which workshop was it?")
    assert [row[3:5] for row in unquoted["mentoring_people"]] == [
        ("benefits, housing", "4w"),
        ("housing", None),
    ]
