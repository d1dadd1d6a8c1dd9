"""Random command lines built from every declared command never crash and never half-write."""

from __future__ import annotations

import inspect
import shlex
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import COGS
from bot.core.bot import APOLOGY
from bot.core.commands import CommandSpec, Param
from bot.core.model import Role
from bot.core.parser import find_command, split_words
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


def declared() -> list[str]:
    """Every command name the features declare: each `@command` method of each cog class."""
    return sorted(
        method.__command__[0]
        for cog in COGS
        for _, method in inspect.getmembers(cog, inspect.isfunction)
        if hasattr(method, "__command__")
    )


DECLARED = declared()


def value(param: Param) -> st.SearchStrategy[str]:
    """Something to type for one parameter: often plausible, sometimes hostile."""
    if param.choices:
        return st.one_of(st.sampled_from(param.choices), WORD)
    if param.type is int:
        return st.one_of(st.integers(0, 4).map(str), WORD)
    return WORD


@st.composite
def command_line(draw: st.DrawFn, specs: list[CommandSpec], raw: bool = True) -> str:
    """A command line for one declared command, with its options in random order.

    `raw`: sometimes leave the words unquoted, so quotes and spaces land as typed (such a
    line may never reach its command: an unclosed quote is refused first).
    """
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
    if raw and draw(st.integers(0, 9)) == 0:  # unquoted, so quotes and spaces land as typed
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
    await typed(h, who, data.draw(command_line(specs)))


async def typed(h: Harness, who: str, line: str) -> None:
    """`who` types `line`: the answer is a reply (never a crash), a refusal changes nothing."""
    await h.join(who)  # a forgotten person is a member again before the snapshot
    h.as_role(who, PEOPLE[who])
    before = h.snapshot()
    reply = await h.say(who, line)
    assert reply.body != APOLOGY, line
    if reply.error:
        assert h.snapshot() == before, line


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_every_declared_command_is_fuzzed(fuzzed: Harness, data: st.DataObject) -> None:
    """Each example types a random line for every command the cogs declare, and each reaches it."""
    h = fuzzed
    assert sorted(h.bot.commands) == DECLARED  # the bot serves exactly what is declared
    reached = []
    for name in DECLARED:
        line = data.draw(command_line([h.bot.commands[name]], raw=False), label=name)
        spec, _ = find_command(split_words(line), h.bot.commands)
        reached.append(spec.name if spec else line)
        await typed(h, data.draw(st.sampled_from(sorted(PEOPLE))), line)
    assert reached == DECLARED
