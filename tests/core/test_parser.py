"""The shared text syntax: quoting, options, flags, usage errors."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.bot import APOLOGY
from bot.core.commands import Arg, build_spec
from bot.core.errors import UserError
from bot.core.model import Role
from bot.core.parser import bind, split_words
from tests.core.command_text import format_command
from tests.harness import Harness


async def sample(
    ctx: object,
    question: str,
    *options: Annotated[str, Arg("options", min_count=0, max_count=20)],
    closes: str | None = None,
    kind: Literal["single", "multi"] = "single",
    anonymous: bool = False,
) -> None:
    """A command shaped like poll create."""


SPEC = build_spec("poll create", Role.PARTICIPANT, {}, sample, "Test")

words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda w: not w.startswith("--") and w.strip() == w and w != "")


@given(
    words,
    st.lists(words, max_size=5),
    st.one_of(st.none(), words),
    st.booleans(),
    st.sampled_from(["single", "multi"]),
)
def test_format_then_parse_round_trips(
    question: str, options: list[str], closes: str | None, anonymous: bool, kind: str
) -> None:
    """Any quoted arguments written out by format_command parse back to the same values."""
    args = {"question": question, "closes": closes, "kind": kind, "anonymous": anonymous}
    text = format_command(SPEC, args, tuple(options))
    parsed = bind(SPEC, split_words(text)[2:])
    assert parsed.args == args
    assert parsed.variadic == tuple(options)


def test_issue_example_parses() -> None:
    """The example from the docs reads as intended."""
    text = '!poll create "Which evening suits?" Monday Tuesday "Wed 7pm" --closes "friday 17:00" --kind multi --anonymous'
    parsed = bind(SPEC, split_words(text)[2:])
    assert parsed.args == {
        "question": "Which evening suits?",
        "closes": "friday 17:00",
        "kind": "multi",
        "anonymous": True,
    }
    assert parsed.variadic == ("Monday", "Tuesday", "Wed 7pm")


def test_usage_is_generated_from_the_signature() -> None:
    """The usage line lists positionals, variadics, options with choices, and flags."""
    assert SPEC.usage() == (
        "!poll create QUESTION OPTIONS... [--closes CLOSES] [--kind single|multi] [--anonymous]"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"unclosed', "quote was opened"),
        ("Q --kind", "--kind needs a value"),
        ("Q --kind ranked", "kind must be one of single, multi"),
        ("--anonymous", "Missing QUESTION"),
    ],
)
def test_bad_input_says_what_to_type(text: str, message: str) -> None:
    """Malformed arguments raise a UserError that names the problem and shows usage."""
    with pytest.raises(UserError) as err:
        bind(SPEC, split_words(text))
    assert message in err.value.message


async def test_help_with_blank_topics_is_answered(harness: Harness) -> None:
    """`!help '' ''` (found by the fuzzer) answers with help instead of crashing."""
    reply = await harness.say("alice", "!help '' ''")
    assert reply.body != APOLOGY


@pytest.mark.parametrize(
    ("typed", "anonymous"),
    [("--anonymous", True), ("--anonymous=yes", True), ("--anonymous=true", True),
     ("--anonymous=no", False), ("--anonymous=false", False), ("--anonymous=OFF", False)],
)  # fmt: skip
async def test_flags_honour_yes_and_no(harness: Harness, typed: str, anonymous: bool) -> None:
    """`--anonymous=no` makes a named poll, not an anonymous one."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.ok("fran", f"!poll create Lunch? Soup Salad {typed} --hide-results=no")
    assert harness.rows("SELECT anonymous, hide_results FROM polls") == [(int(anonymous), 0)]


async def test_a_flag_with_another_value_is_refused(harness: Harness) -> None:
    """`--anonymous=maybe` is refused with the forms it takes, and no poll is made."""
    harness.as_role("fran", Role.FACILITATOR)
    reply = await harness.say("fran", "!poll create Lunch? Soup Salad --anonymous=maybe")
    assert reply.error and "--anonymous=no" in reply.body
    assert harness.rows("SELECT count(*) FROM polls") == [(0,)]


async def test_a_required_option_left_out_is_refused(harness) -> None:
    """`!contrib report` without --from/--to says which option is needed, not a crash."""
    reply = await harness.say("olivia", "!contrib report --to 2026-11-30")
    assert reply.error and "--from is needed" in reply.body
