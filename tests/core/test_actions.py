"""Actions that ask for text first: their typed form, and the answer quoted for the parser."""

from __future__ import annotations

from typing import Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.commands import Arg, build_spec
from bot.core.model import Action, Ask, Role
from bot.core.parser import bind, split_words


async def vote(
    ctx: object,
    id: int,
    choice: str,
    *,
    reason: Annotated[str | None, Arg("why you block", metavar="TEXT")] = None,
) -> None:
    """A command shaped like poll vote."""


SPEC = build_spec("poll vote", Role.PARTICIPANT, {}, vote, "Test")
BLOCK = Action("Block", "poll vote", ("3", "4"), "danger", Ask("reason", "Why do you block?"))


def parse(text: str) -> dict[str, object]:
    """The arguments a typed `!poll vote ...` binds to."""
    words = split_words(text)
    assert words[:2] == ["poll", "vote"]
    return bind(SPEC, words[2:]).args


def test_typed_form_shows_where_the_answer_goes() -> None:
    """The plain-text twin names the option and a readable placeholder, and still parses."""
    assert BLOCK.as_text() == '!poll vote 3 4 --reason "your reason"'
    assert parse(BLOCK.as_text()) == {"id": 3, "choice": "4", "reason": "your reason"}
    optional = Action("Note", "poll vote", ("3", "1"), ask=Ask("reason", "Why?", required=False))
    assert optional.as_text() == '!poll vote 3 1 [--reason "your reason"]'


def test_answer_with_quotes_and_spaces_round_trips() -> None:
    """A reason with both kinds of quote and inner spaces reaches the command unchanged."""
    reason = """It's "unfair"  to   evening workers; --reason ignored"""
    text = BLOCK.with_answer(f"  {reason}\n")
    assert text.startswith("!poll vote 3 4 --reason ")
    assert parse(text) == {"id": 3, "choice": "4", "reason": reason}


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_answer_round_trips_through_the_parser(answer: str) -> None:
    """Whatever is typed, the command receives it (trimmed), or no reason if it was blank."""
    expected = answer.strip() or None
    assert parse(BLOCK.with_answer(answer)) == {"id": 3, "choice": "4", "reason": expected}


def test_blank_answer_leaves_the_option_out() -> None:
    """A blank answer is no answer: the command decides, as if typed without the option."""
    assert BLOCK.with_answer("   ") == "!poll vote 3 4"


def test_with_answer_needs_an_ask() -> None:
    """An action that asks nothing cannot take an answer."""
    with pytest.raises(ValueError, match="asks for no text"):
        Action("Agree", "poll vote", ("3", "1")).with_answer("yes")


def test_option_with_underscores_is_typed_with_dashes() -> None:
    """The option is written as the parser reads it: `why_not` -> `--why-not`."""
    ask = Ask("why_not", "Why not?")
    assert ask.flag == "--why-not" and ask.placeholder == '--why-not "your why not"'
