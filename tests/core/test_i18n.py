"""Words in the reader's language: English without a catalogue, another with one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core import i18n
from bot.core.i18n import _, duration, join, ngettext, show, speaking

WELSH_HEADER = """msgid ""
msgstr ""
"Language: cy\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n==3 ? 3 : n==6 ? 4 : 5);\\n"
"""


def write_po(folder: Path, code: str, text: str) -> None:
    """A translator's .po file, as it is committed: no compiled .mo beside it."""
    where = folder / code / "LC_MESSAGES"
    where.mkdir(parents=True)
    (where / "messages.po").write_text(text, encoding="utf-8")


@pytest.fixture
def welsh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A small Welsh .po in a locale folder of its own, named by COPROD_LOCALE_DIR."""
    write_po(
        tmp_path,
        "cy",
        WELSH_HEADER
        + """
msgid "Done."
msgstr "Wedi gwneud."

msgid "{n} meeting"
msgid_plural "{n} meetings"
msgstr[0] "{n} cyfarfod (dim)"
msgstr[1] "{n} cyfarfod (un)"
msgstr[2] "{n} gyfarfod (dau)"
msgstr[3] "{n} chyfarfod (tri)"
msgstr[4] "{n} chyfarfod (chwech)"
msgstr[5] "{n} cyfarfod (arall)"

#, fuzzy
msgid "Poll {id} is closed."
msgstr "Mae pleidlais {id} ar gau."

msgid "Not translated yet."
msgstr ""
""",
    )
    monkeypatch.setenv(i18n.LOCALE_ENV, str(tmp_path))
    yield tmp_path


def test_english_comes_back_without_a_catalogue() -> None:
    """With no catalogue the English text is said, its names filled in."""
    assert _("Poll {id} is closed.", id=12) == "Poll 12 is closed."
    assert _("") == ""


def test_one_and_many_in_english() -> None:
    """ngettext picks '1 meeting' and '0 meetings', '2 meetings'."""
    said = [ngettext("{n} meeting", "{n} meetings", n) for n in (0, 1, 2)]
    assert said == ["0 meetings", "1 meeting", "2 meetings"]


def test_lists_and_lengths_in_british_english() -> None:
    """Lists have no Oxford comma; lengths name each unit in the right number."""
    assert join(["alice", "bob", "carol"]) == "alice, bob and carol"
    assert join(["alice", "bob"]) == "alice and bob"
    assert join(["alice"]) == "alice"
    assert join([]) == ""
    assert duration(60) == "1 hour"
    assert duration(150) == "2 hours 30 minutes"
    assert duration(timedelta(days=14), weeks=True) == "2 weeks"
    assert duration(timedelta(days=1, minutes=1)) == "1 day 1 minute"
    assert duration(0) == "no time"


def test_dates_in_the_language_spoken() -> None:
    """A date is written with the active language's names for days and months."""
    friday = datetime(2026, 12, 4, 17, 0, tzinfo=ZoneInfo("Europe/London"))
    assert show(friday, "EEE dd MMM y, HH:mm") == "Fri 04 Dec 2026, 17:00"
    with speaking("cy"):
        assert show(friday, "EEEE") == "Dydd Gwener"


def test_a_catalogue_speaks_its_language_in_its_block(welsh: Path) -> None:
    """Inside speaking('cy') the .po answers, with its own six plural forms; after, English.

    Babel's built-in rule for Welsh has five forms (0 and 7 alike): the header's rule, with
    a form of its own for none, is the one that counts.
    """
    with speaking("cy"):
        assert _("Done.") == "Wedi gwneud."
        counts = [ngettext("{n} meeting", "{n} meetings", n) for n in (0, 1, 2, 3, 6, 7)]
        assert counts == [
            "0 cyfarfod (dim)",
            "1 cyfarfod (un)",
            "2 gyfarfod (dau)",
            "3 chyfarfod (tri)",
            "6 chyfarfod (chwech)",
            "7 cyfarfod (arall)",
        ]
        assert _("Not in the catalogue.") == "Not in the catalogue."
    assert _("Done.") == "Done."


def test_fuzzy_and_empty_entries_stay_english(welsh: Path) -> None:
    """A translation marked fuzzy, or left empty, is not used: the English is said instead."""
    with speaking("cy"):
        assert _("Poll {id} is closed.", id=3) == "Poll 3 is closed."
        assert _("Not translated yet.") == "Not translated yet."


def test_the_languages_offered_are_the_catalogues_present(welsh: Path) -> None:
    """English, then each language with a .po file; a folder without one offers nothing."""
    assert i18n.languages() == ("en", "cy")
    write_po(welsh, "fr", 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n')
    (welsh / "de" / "LC_MESSAGES").mkdir(parents=True)  # no .po: not a language yet
    i18n._languages_in.cache_clear()
    assert i18n.languages() == ("en", "cy", "fr")


def test_the_bots_own_catalogues() -> None:
    """bot/locale offers English and Welsh, committed as .po sources with no compiled .mo."""
    assert i18n.languages() == ("en", "cy")
    assert list(i18n.LOCALE_DIR.glob("**/*.mo")) == []


def test_the_welsh_catalogue_counts_in_its_six_forms() -> None:
    """bot/locale/cy's header rule picks the form: none, one, two, three, six, and the rest."""
    rule = i18n._catalogue("cy").plural  # type: ignore[attr-defined]
    assert [rule(n) for n in (0, 1, 2, 3, 6, 7, 11)] == [0, 1, 2, 3, 4, 5, 5]


def test_a_language_is_picked_by_code_or_name() -> None:
    """'cy', 'Cymraeg' and 'Welsh' all mean Welsh; 'English' means en; other words nothing."""
    assert [i18n.pick_language(w) for w in ("cy", " CY ", "Cymraeg", "welsh", "English")] == [
        "cy",
        "cy",
        "cy",
        "cy",
        "en",
    ]
    assert i18n.pick_language("fr") is None
    assert i18n.pick_language("klingon") is None
    assert (i18n.language_name("cy"), i18n.language_name("cy", "en")) == ("Cymraeg", "Welsh")


def test_no_language_keeps_the_one_spoken(welsh: Path) -> None:
    """speaking(None) leaves the language as it was (someone who chose none)."""
    with speaking("cy"), speaking(None):
        assert _("Done.") == "Wedi gwneud."
