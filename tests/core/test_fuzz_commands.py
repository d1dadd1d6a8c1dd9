"""Random command lines built from every declared command never crash and never half-write."""

from __future__ import annotations

import shlex
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.bot import APOLOGY
from bot.core.commands import CommandSpec, Param
from bot.core.model import Role
from tests.harness import Harness

PEOPLE = {"olivia": Role.ORGANISER, "fran": Role.FACILITATOR, "alice": Role.PARTICIPANT}

# Words people really type, and the ones that broke the parser: Unicode digits, huge ids,
# control and zero-width characters, quotes, commas, lone surrogates from bad stdin bytes.
ODD = st.sampled_from(
    ["", " ", ",", '","', "0", "-1", "1", "2", "3", "²", "①", "١٢", "9" * 30, "1e9",
     "friday 17:00", "31 feb", "in 2 days", "\x00", "\u200b", "\ud800", '"', "'", "--x",
     "Monday", "yes", "no", "on", "off", "Europe/London", "Factory", "@room", "a" * 400]
)  # fmt: skip
WORD = st.one_of(ODD, st.text(max_size=12), st.integers(-(2**70), 2**70).map(str))


def value(param: Param) -> st.SearchStrategy[str]:
    """Something to type for one parameter: often plausible, sometimes hostile."""
    if param.choices:
        return st.one_of(st.sampled_from(param.choices), WORD)
    if param.type is int:
        return st.one_of(st.integers(0, 4).map(str), WORD)
    return WORD


@st.composite
def command_line(draw: st.DrawFn, specs: list[CommandSpec]) -> str:
    """A command line for one declared command, with its options in random order."""
    spec = draw(st.sampled_from(specs))
    words = spec.name.split()
    for param in spec.params:
        if param.kind == "positional" and draw(st.integers(0, 9)):
            words.append(draw(value(param)))
        elif param.kind == "variadic":
            words.extend(draw(st.lists(value(param), max_size=5)))
        elif param.kind == "flag" and draw(st.booleans()):
            words.append(param.flag_name + draw(st.sampled_from(["", "=no", "=yes", "=x"])))
        elif param.kind == "option" and draw(st.booleans()):
            words.extend([param.flag_name, draw(value(param))])
    if draw(st.integers(0, 9)) == 0:
        words.append(draw(WORD))
    if draw(st.integers(0, 9)) == 0:  # unquoted, so quotes and spaces land as typed
        return "!" + " ".join(words)
    return "!" + " ".join(shlex.quote(w) for w in words)


@pytest.fixture
async def fuzzed(tmp_path: Path) -> AsyncIterator[Harness]:
    """One bot for all examples: state builds up as it would in a real group."""
    h = await Harness(tmp_path / "fuzz.sqlite3").start()
    for name, role in PEOPLE.items():
        h.as_role(name, role)
    await h.join(*PEOPLE)
    await h.ok("fran", '!poll create "Which evening?" 4 2 1 --closes "in 2 days"')
    await h.ok("fran", "!poll create Topics X Y Z --kind multi --anonymous")
    yield h
    await h.close()


async def test_every_declared_command_is_fuzzed(fuzzed: Harness) -> None:
    """The fuzzer covers every command a cog declares (a new feature is fuzzed too)."""
    assert {"poll create", "poll vote", "settings set"} <= set(fuzzed.bot.commands)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_random_command_lines_never_crash_or_half_write(
    fuzzed: Harness, data: st.DataObject
) -> None:
    """Whatever is typed, the answer is a reply (never a crash), and a refusal changes nothing."""
    h = fuzzed
    specs = list(h.bot.commands.values())
    who = data.draw(st.sampled_from(sorted(PEOPLE)))
    line = data.draw(command_line(specs))
    await h.join(who)  # a forgotten person is a member again before the snapshot
    h.as_role(who, PEOPLE[who])
    before = h.snapshot()
    reply = await h.say(who, line)
    assert reply.body != APOLOGY, line
    if reply.error:
        assert h.snapshot() == before, line
