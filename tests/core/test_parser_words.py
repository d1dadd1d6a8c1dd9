"""Commands typed as people write: no quotes needed for the last text, forgiving values."""

from __future__ import annotations

from typing import Annotated

import pytest

from bot.core.commands import Arg, build_spec
from bot.core.limits import TITLE
from bot.core.model import Role
from bot.core.parser import bind, split_words
from tests.core.command_text import format_command
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """A group where fran facilitates and the constituencies are set."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    await harness.ok("olivia", '!settings set constituencies "service user, provider, carer"')
    return harness


async def test_an_idea_takes_the_rest_of_the_line(h: Harness) -> None:
    """`!idea add Saturday drop-in for people who work` stores the whole sentence."""
    await h.ok("alice", "!idea add Saturday drop-in for people who work")
    assert h.rows("SELECT text FROM ideas") == [("Saturday drop-in for people who work",)]


async def test_apostrophes_in_words_are_letters(h: Harness) -> None:
    """`can't` and `people's` need no closing quote; curly quotes work like straight ones."""
    await h.ok("alice", "!idea add Let's meet where people's kids can't get bored")
    await h.ok("alice", "!idea add “A quiet room at every session”")
    assert h.rows("SELECT text FROM ideas ORDER BY id") == [
        ("Let's meet where people's kids can't get bored",),
        ("A quiet room at every session",),
    ]


async def test_a_contribution_logs_length_and_what_without_quotes(h: Harness) -> None:
    """`!contrib log 1.5h travelling to the workshop`: 90 minutes, the whole description."""
    await h.ok("alice", "!contrib log 1.5h travelling to the workshop")
    assert h.rows("SELECT minutes, what FROM contrib_entries") == [
        (90, "travelling to the workshop")
    ]


async def test_a_constituency_is_matched_forgivingly(h: Harness) -> None:
    """`service users` is the list's `service user`; `provder` is `provider`."""
    await h.ok("alice", "!me constituency service users")
    await h.ok("bob", "!me constituency Provder")
    assert h.rows("SELECT user_id, constituency FROM people ORDER BY user_id") == [
        ("alice", "service user"),
        ("bob", "provider"),
    ]


async def test_an_unsure_constituency_asks_did_you_mean(h: Harness) -> None:
    """A spelling too far to be sure is refused with the closest name to type instead."""
    await h.refused("alice", "!me constituency carrot", "Did you mean carer?")


async def test_a_vote_names_an_option_with_spaces(h: Harness) -> None:
    """`!poll vote 1 wed 7pm` chooses the option labelled "Wed 7pm"."""
    await h.ok("fran", '!poll create "Which evening?" Monday Tuesday "Wed 7pm"')
    await h.ok("alice", "!poll vote 1 wed 7pm")
    assert h.rows("SELECT voter, choices FROM ballots") == [("alice", "3")]


async def test_a_setting_value_takes_the_rest_of_the_line(h: Harness) -> None:
    """`!settings set constituencies service user, carer` needs no quotes."""
    await h.ok("olivia", "!settings set constituencies service user, carer")
    assert h.rows("SELECT value FROM group_settings WHERE name = 'constituencies'") == [
        ("service user, carer",)
    ]


async def test_an_option_value_runs_to_the_next_option(h: Harness) -> None:
    """`--reason too costly for now --review ...`: the reason is every word up to the next option."""
    await h.ok("alice", "!idea add Free bus passes")
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", "!idea status 1 declined --reason too costly for now")
    assert h.rows("SELECT status, reason FROM ideas") == [("declined", "too costly for now")]


async def test_option_choices_forgive_case_and_a_typo(h: Harness) -> None:
    """`--kind Rankd` makes a ranked poll: case and a one-letter slip are forgiven."""
    await h.ok("fran", "!poll create Lunch? Soup Salad Stew --kind Rankd")
    assert h.rows("SELECT kind FROM polls") == [("ranked",)]


async def test_an_unsure_choice_is_refused_with_the_closest(h: Harness) -> None:
    """`--kind rnkd` is too far to be sure: refused, naming ranked, and no poll is made."""
    await h.refused("fran", "!poll create Lunch? Soup Salad --kind rnkd", "Did you mean ranked?")


def test_quoted_option_words_are_text() -> None:
    """A quoted "--anonymous" is a word of text, not the flag; shell quoting reads back."""
    words = split_words("""idea add "--anonymous" 'it'"'"'s'""")
    assert words == ["idea", "add", "--anonymous", "it's"]
    assert [getattr(w, "quoted", None) for w in words] == [False, False, True, True]


def test_written_commands_keep_commas_and_colons_as_text() -> None:
    """Options "Tue, late", "," and "Note:" written out by the bot read back as three options."""

    async def create(
        ctx: object, question: Annotated[str, Arg("q", max_length=TITLE)], *options: str
    ) -> None:
        """A command shaped like poll create."""

    spec = build_spec("poll create", Role.PARTICIPANT, {}, create, "Test")
    options = ("Tue, late", ",", "Note:")
    text = format_command(spec, {"question": "Lunch?"}, options)
    assert bind(spec, split_words(text)[2:]).variadic == options
