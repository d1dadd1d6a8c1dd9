"""A flag is given once; text has one limit per kind (title, short, long) in every command."""

from __future__ import annotations

import pytest

from bot.core.model import Role
from tests.harness import Harness

TITLE_SAID = "at most 200 characters (the limit for a title in every command)"
SHORT_SAID = "at most 300 characters (the limit for a short text in every command)"
LONG_SAID = "at most 2000 characters (the limit for a long text in every command)"


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """fran facilitates; meeting 1, idea 1 (under discussion) and poll 1 (consent) exist."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "fran")
    await harness.ok("fran", '!meeting add Forum "tuesday 18:00"')
    await harness.ok("alice", '!idea add "Free bus passes"')
    await harness.ok("fran", "!idea status 1 discussing")
    await harness.ok("fran", '!poll create "Adopt the rota?" --kind consent')
    return harness


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('!meeting add Forum "tuesday 18:00" --every week --every month', "--every is given twice"),
        ("!poll create Lunch? Soup Salad --anonymous --anonymous=no", "--anonymous is given twice"),
        (
            '!poll create Lunch? Soup Salad --closes "friday 17:00" --closes="saturday 10:00"',
            "--closes is given twice",
        ),
    ],
)
async def test_a_flag_given_twice_is_refused_by_name(h: Harness, text: str, said: str) -> None:
    """`--every week --every month` no longer silently means month: refused, naming --every."""
    await h.refused("fran", text, said)


@pytest.mark.parametrize(
    ("who", "text", "said"),
    [
        ("fran", '!meeting plan "' + "T" * 20_000 + '" "tue 18:00" "wed 18:00"', TITLE_SAID),
        ("fran", '!meeting add "' + "T" * 201 + '" "tuesday 18:00"', TITLE_SAID),
        ("fran", '!poll create "' + "Q" * 201 + '" Soup Salad', TITLE_SAID),
        ("fran", '!meeting add Forum "tuesday 18:00" --where ' + "w" * 20_000, SHORT_SAID),
        ("fran", "!poll create Lunch? Soup " + "S" * 301, SHORT_SAID),
        ("fran", "!meeting cancel 1 --reason " + "r" * 20_000, LONG_SAID),
        ("fran", "!idea status 1 declined --reason " + "r" * 20_000, LONG_SAID),
        ("alice", "!poll vote 1 block --reason " + "r" * 20_000, LONG_SAID),
        ("alice", "!contrib log 2h " + "w" * 20_000, LONG_SAID),
        ("alice", "!mentor concern " + "c" * 20_000, LONG_SAID),
    ],
)
async def test_text_over_its_kinds_limit_is_refused(
    h: Harness, who: str, text: str, said: str
) -> None:
    """20,000 characters are refused in every command, with the limit of that kind of text."""
    await h.refused(who, text, said)


async def test_text_at_its_kinds_limit_is_taken(h: Harness) -> None:
    """A 200-character title and a 300-character link fit in a meeting (it took 100 before)."""
    title, link = "T" * 200, "https://example.org/" + "x" * 280
    await h.ok("fran", f'!meeting add "{title}" "tuesday 18:00" --where {link}')
    assert h.rows("SELECT title, place FROM meetings WHERE id = 2") == [(title, link)]
