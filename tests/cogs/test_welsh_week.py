"""A week in Welsh in the shell: a poll, an idea, a meeting with its reminders and the digest.

Nothing the bot says may be an English sentence that the Welsh catalogue translates: every
msgid of bot/locale/cy with a Welsh msgstr of its own is looked for in the whole transcript.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.core import i18n
from bot.core.model import Role
from bot.core.render import strip_markup
from tests.harness import Harness

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WELSH = i18n.LOCALE_DIR / "cy" / "LC_MESSAGES" / "messages.po"


def english_sentences() -> dict[str, re.Pattern[str]]:
    """Each English msgid (of two words or more) that the Welsh catalogue says otherwise.

    Its placeholders match any text on the line; markup is dropped, as the shell shows it.
    """
    with WELSH.open("rb") as f:
        catalogue = read_po(f)
    found = {}
    for m in catalogue:
        if not m.id or m.fuzzy or not m.string:
            continue
        english = [m.id] if isinstance(m.id, str) else list(m.id)
        welsh = [m.string] if isinstance(m.string, str) else list(m.string)
        for msgid in english:
            parts = PLACEHOLDER.split(strip_markup(msgid))
            if msgid in welsh or len(re.findall(r"[A-Za-z]{2,}", " ".join(parts))) < 2:
                continue
            joined = r"[^\n]+?".join(re.escape(p) for p in parts)
            found[msgid] = re.compile(rf"(?<!\w){joined}(?!\w)")
    return found


def said(lines: list[str]) -> str:
    """The bot's words in the transcript: the shell's labels and the typed form of buttons out."""
    text = "\n".join(lines)
    text = re.sub(r"\(![^)\n]*\)", "", text)  # "(!meeting rsvp 1 going)": typed in English
    return re.sub(r"^\[[^\]\n]*\]", "", text, flags=re.M)  # "[DM to bob]", the shell's own


@pytest.fixture
async def week(tmp_path: Path) -> AsyncIterator[Harness]:
    """A group set to Welsh from the start, through a week of harness time."""
    h = await Harness(tmp_path / "cymraeg.sqlite3", language="cy").start()
    h.as_role("fran", Role.FACILITATOR)
    await h.join("alice", "bob", "fran")
    h.lines.clear()
    for who, text in (
        ("fran", '!poll create "Pa noson?" Llun Mawrth --closes "wednesday 18:00"'),
        ("alice", "!poll vote 1 1"),
        ("bob", '!idea add "Te am ddim yn y sesiwn galw heibio"'),
        ("alice", "!idea support 1"),
        ("fran", '!meeting add "Cyfarfod cynllunio" "thursday 18:00"'),
        ("alice", "!meeting rsvp 1 yn dod"),
        ("bob", "!meeting rsvp 1 efallai"),
    ):
        await h.ok(who, text)
    await h.wait(timedelta(days=1))  # Tuesday
    await h.ok("fran", "!idea status 1 discussing")
    for _hour in range(6 * 24 + 1):  # to Monday 7 December, 10:00: the digest has gone
        await h.wait(timedelta(hours=1))
    yield h
    await h.close()


def lines_to(h: Harness, label: str) -> list[str]:
    """What was shown under a label ('[DM to bob]', '[#general]'), label dropped."""
    return [line.split("\n", 1)[1] for line in h.lines if line.startswith(label + "\n")]


async def test_a_welsh_week_says_no_english_sentence(week: Harness) -> None:
    """No sentence the catalogue has in Welsh is said in English, all week, to anyone."""
    sentences = english_sentences()
    assert len(sentences) > 50  # the check has the week's sentences to look for
    text = said(week.lines)
    assert [msgid for msgid, english in sentences.items() if english.search(text)] == []


async def test_the_week_reads_as_written_in_welsh(week: Harness) -> None:
    """Spot checks against Welsh written out by hand: a post, reminders, results, the digest."""
    posted = lines_to(week, "[#general]")
    assert posted[0].splitlines()[0] == "== Pôl 1: Pa noson? =="
    assert "Yn cau: Mer 02 Rhag 2026, 18:00 UTC (ymhen 2 ddiwrnod)" in posted[0]
    meeting = next(p for p in posted if p.startswith("== Cyfarfod 1: Cyfarfod cynllunio =="))
    assert "Pryd: Iau 03 Rhag 2026, 18:00 UTC" in meeting
    assert "  [1] Yn dod  (!meeting rsvp 1 going)" in meeting
    results = next(p for p in posted if p.startswith("== Canlyniadau pôl 1 (wedi cau)"))
    assert results.splitlines()[-1] == "Enillydd: Llun"
    assert lines_to(week, "[DM to bob]")[0] == (
        "== Mae pôl yn cau cyn bo hir ==\n"
        "Mae pôl 1, Pa noson?, yn cau Mer 02 Rhag 2026, 18:00 UTC (ymhen 1 diwrnod) a dydych "
        "chi ddim wedi pleidleisio eto. Teipiwch !poll vote 1 CHOICE, neu !poll results 1 i "
        "weld yr opsiynau.\n"
        "  [1] Dangos y pôl  (!poll results 1)"
    )
    assert lines_to(week, "[DM to alice]") == [
        "== Nodyn atgoffa am gyfarfod ==\n"
        "Nodyn atgoffa: mae Cyfarfod cynllunio yn dechrau Iau 03 Rhag 2026, 18:00 UTC (ymhen 1 "
        "diwrnod), lleoliad i'w gadarnhau.",
        "== Nodyn atgoffa am gyfarfod ==\n"
        "Nodyn atgoffa: mae Cyfarfod cynllunio yn dechrau Iau 03 Rhag 2026, 18:00 UTC (ymhen 1 "
        "awr), lleoliad i'w gadarnhau.",
    ]
    assert (
        "[DM to bob] Syniad 1 (“Te am ddim yn y sesiwn galw heibio”): Statws: dan drafodaeth"
        in (week.lines)
    )
    (digest,) = lines_to(week, "[DM to olivia]")[-1:]
    assert digest.splitlines()[:2] == [
        "== Crynodeb wythnosol: Terminal ==",
        "Yr wythnos yn Terminal.",
    ]
