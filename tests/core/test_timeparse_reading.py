"""One reading of WHEN, DATE, LENGTH and HOW OFTEN in every command and the config (harness)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import check_config
from bot.config import parse_config
from bot.core.errors import ConfigError
from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; alice and bob are known."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    return harness


async def test_a_review_in_3_months_is_read(h: Harness) -> None:
    """README's own `--review "in 3 months"` is 28 Feb 2027 (Nov 30 + 3 months), 09:00, said back."""
    await h.ok("alice", "!idea add Free bus passes")
    await h.ok("fran", "!idea status 1 discussing")
    said = await h.ok("fran", '!idea status 1 adopted --reason "Funded" --review "in 3 months"')
    assert "Its review is Sun 28 Feb 2027, 09:00 UTC." in said.body
    assert h.rows("SELECT review_at FROM ideas") == [("2027-02-28T09:00:00+00:00",)]


async def test_a_day_phrase_lands_on_a_set_time_and_is_said_back(h: Harness) -> None:
    """`--closes "in 3 days"` typed at 16:42 closes Thursday 09:00, not 16:42, and says so."""
    h.clock.advance(timedelta(hours=7, minutes=42))
    await h.ok("fran", '!poll create Lunch? Soup Salad --closes "in 3 days"')
    assert "Closes: Thu 03 Dec 2026, 09:00 UTC (in 3 days)" in h.lines[-1]  # said once, there
    assert h.rows("SELECT closes_at FROM polls") == [("2026-12-03T09:00:00+00:00",)]


async def test_far_and_past_deadlines_are_refused_for_the_right_reason(h: Harness) -> None:
    """A deadline "in 10 years" is too far (not "no time of day"); "yesterday" has passed."""
    far = await h.refused(
        "fran", '!poll create Lunch? Soup Salad --closes "in 10 years"', "more than 5 years away"
    )
    assert "no time of day" not in far.body
    await h.refused(
        "fran",
        "!poll create Lunch? Soup Salad --closes yesterday",
        "'yesterday' is Sun 29 Nov 2026, which has already passed",
    )
    await h.ok("fran", '!poll create Lunch? Soup Salad --closes "in 2 years"')


async def test_until_takes_a_day_as_words(h: Harness) -> None:
    """`--until 31 march` ends a series on 2027-03-31; `--until march` asks which day."""
    await h.refused(
        "fran",
        '!meeting add Forum "tuesday 18:00" --every week --until march',
        "'march' is a month, not a day. Did you mean Mon 01 Mar 2027 or Wed 31 Mar 2027?",
    )
    await h.ok("fran", '!meeting add Forum "tuesday 18:00" --every week --until "31 march"')
    assert h.rows("SELECT until_local FROM meetings") == [("2027-03-31T23:59",)]


async def test_a_weekday_of_the_month_is_a_time(h: Harness) -> None:
    """A start "first tuesday of the month 18:00" is Tue 01 Dec 2026, 18:00."""
    await h.ok("fran", '!meeting add Forum "first tuesday of the month 18:00"')
    assert h.rows("SELECT starts_local FROM meetings") == [("2026-12-01T18:00",)]


async def test_year_9999_is_refused_plainly(h: Harness) -> None:
    """Dates far out never overflow: a meeting in 9999 and a report from year 1 are refused."""
    await h.refused("fran", '!meeting add X "9999-12-31 23:59"', "out of reach")
    await h.refused(
        "olivia", "!contrib report --from 0001-01-01 --to 9999-12-31", "--from: '0001-01-01'"
    )


async def test_lengths_read_alike_everywhere(h: Harness) -> None:
    """A length "1 hour 30 minutes" is 90 minutes; a pause of "2 weeks" is 14 days."""
    await h.ok("fran", '!meeting add Forum "tuesday 18:00" --length 1 hour 30 minutes')
    assert h.rows("SELECT minutes FROM meetings") == [(90,)]
    await h.ok("alice", "!mentor join peer")
    await h.ok("alice", "!mentor pause 2 weeks")
    assert h.rows("SELECT paused_until FROM mentoring_people") == [("2026-12-14T09:00:00+00:00",)]


async def test_a_setting_in_hours_takes_a_length(h: Harness) -> None:
    """`!settings set reminder_hours 2 days` stores 48; `idea_stale_days 3 weeks` stores 21."""
    await h.ok("olivia", "!settings set reminder_hours 2 days")
    await h.ok("olivia", "!settings set idea_stale_days 3 weeks")
    assert h.rows(
        "SELECT name, value FROM group_settings WHERE name != 'timezone' ORDER BY name"
    ) == [
        ("idea_stale_days", "21"),
        ("reminder_hours", "48"),
    ]


async def test_how_often_reads_alike_for_meetings_and_mentoring(h: Harness) -> None:
    """A "fortnight" is a series every 2 weeks and a mentoring pace of 2w."""
    await h.ok("fran", '!meeting add Forum "tuesday 18:00" --every fortnight')
    await h.ok("alice", "!mentor join peer --every fortnight")
    assert h.rows("SELECT every FROM meetings") == [("2 weeks",)]
    assert h.rows("SELECT every FROM mentoring_people") == [("2w",)]


def test_the_config_takes_the_same_words() -> None:
    """`mentoring_every = "2 weeks"` and `reminder_hours = "2 days"` are read as typed anywhere."""
    config = parse_config({"groups": {"mentoring_every": "2 weeks", "reminder_hours": "2 days"}})
    check_config(config)
    with pytest.raises(ConfigError, match="mentoring_every"):
        check_config(parse_config({"groups": {"mentoring_every": "3 weeks"}}))


async def test_help_shows_the_examples_refusals_give(h: Harness) -> None:
    """`!help poll create` shows the WHEN examples a refused time shows."""
    shown = await h.ok("alice", "!help poll create")
    refused = await h.say("fran", "!poll create Lunch? Soup Salad --closes banana")
    examples = '"friday 17:00", "4 dec 9am", "in 3 days" or "2026-12-04 18:30"'
    assert examples in shown.body and examples in refused.body
