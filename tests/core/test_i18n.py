"""Words in the reader's language: English without a catalogue, another with one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from bot.core import i18n
from bot.core.i18n import _, duration, join, ngettext, show, speaking


@pytest.fixture
def welsh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A small Welsh catalogue, compiled as a translator's would be, in a locale folder."""
    catalog = Catalog(locale="cy", domain="messages")
    catalog.add("Done.", "Wedi gwneud.")
    # Welsh counts in five forms here (gettext's rule for cy): other, one, two, three, six.
    catalog.add(
        ("{n} meeting", "{n} meetings"),
        (
            "{n} cyfarfod (arall)",
            "{n} cyfarfod (1)",
            "{n} gyfarfod (2)",
            "{n} chyfarfod (3)",
            "{n} chyfarfod (6)",
        ),
    )
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as out:
        write_mo(out, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._catalogue.cache_clear()
    yield
    i18n._catalogue.cache_clear()


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


def test_a_catalogue_speaks_its_language_in_its_block(welsh: None) -> None:
    """Inside speaking('cy') the Welsh catalogue answers, with Welsh plural forms; after, English."""
    with speaking("cy"):
        assert _("Done.") == "Wedi gwneud."
        counts = [ngettext("{n} meeting", "{n} meetings", n) for n in (0, 1, 2, 3, 6, 7)]
        assert counts == [
            "0 cyfarfod (arall)",
            "1 cyfarfod (1)",
            "2 gyfarfod (2)",
            "3 chyfarfod (3)",
            "6 chyfarfod (6)",
            "7 cyfarfod (arall)",
        ]
        assert _("Not in the catalogue.") == "Not in the catalogue."
    assert _("Done.") == "Done."


def test_no_language_keeps_the_one_spoken(welsh: None) -> None:
    """speaking(None) leaves the language as it was (someone who chose none)."""
    with speaking("cy"), speaking(None):
        assert _("Done.") == "Wedi gwneud."
