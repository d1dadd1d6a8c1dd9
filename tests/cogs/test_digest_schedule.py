"""When the digest goes, and to whom: a quiet week, settings, off and on, no organisers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.model import Reply, Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """olivia organises and fran facilitates; both have used the bot."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "fran")
    await harness.ok("fran", "!me")
    return harness


def digests(h: Harness, who: str) -> list[Reply]:
    """The weekly digests someone received."""
    return [r for r in h.dms(who) if (r.title or "").startswith("Weekly digest")]


async def test_a_quiet_week_says_so_in_one_line_with_no_empty_sections(h: Harness) -> None:
    """Nothing decided, open or done: one line, and only the participation figures."""
    reply = await h.ok("olivia", "!digest now")
    assert reply.body == "Nothing happened this week."
    names = [f.name for f in reply.fields]
    assert names[0] == "Participation (last 4 weeks, by constituency)"
    assert not any(n.startswith(("Polls", "Ideas", "Meetings", "Mentoring")) for n in names)


async def test_facilitators_get_it_too_when_digest_to_says_so(h: Harness) -> None:
    """`digest_to facilitators` adds the facilitators the bot knows."""
    await h.ok("olivia", "!settings set digest_to facilitators")
    await h.wait(timedelta(days=7))
    assert len(digests(h, "olivia")) == 1 and len(digests(h, "fran")) == 1
    assert digests(h, "alice") == []


async def test_digest_off_stops_it_and_the_setting_brings_it_back(h: Harness) -> None:
    """After `!digest off` a Monday passes without a digest; `digest_on on` restores it."""
    await h.ok("olivia", "!digest off")
    await h.wait(timedelta(days=7, hours=1))
    assert digests(h, "olivia") == []
    await h.ok("olivia", "!settings set digest_on on")
    await h.wait(timedelta(days=7))
    assert len(digests(h, "olivia")) == 1


async def test_the_day_time_and_zone_follow_the_settings(h: Harness) -> None:
    """Friday 17:00 in Berlin is 16:00 UTC: nothing at 15:59, the digest at 16:00."""
    await h.ok("olivia", "!settings set digest_day friday")
    await h.ok("olivia", "!settings set digest_time 17:00")
    await h.ok("olivia", "!settings set timezone Europe/Berlin")
    shown = (await h.ok("alice", "!digest settings")).body
    assert shown.startswith("Every Friday at 17:00 (Europe/Berlin) to the organisers")
    await h.wait(timedelta(days=4, hours=6, minutes=59))  # Friday 15:59 UTC
    assert digests(h, "olivia") == []
    await h.wait(timedelta(minutes=1))
    assert len(digests(h, "olivia")) == 1


async def test_a_group_with_no_organisers_tells_its_facilitators_once(tmp_path: Path) -> None:
    """No organiser has used the bot: facilitators hear so on the first Monday, then never."""
    h = await Harness(tmp_path / "g.sqlite3").start()
    try:
        h.as_role("olivia", Role.PARTICIPANT)  # the shell's own user, here no organiser
        await h.ok("olivia", "!me")
        h.as_role("fran", Role.FACILITATOR)
        await h.ok("fran", "!digest settings")
        await h.wait(timedelta(days=7))
        await h.wait(timedelta(days=7))
        (told,) = h.dms("fran")
        assert "no organiser the bot knows of" in told.body
        assert h.rows("SELECT count(*) FROM outbox_sends WHERE dedupe LIKE 'digest:%'") == [(1,)]
    finally:
        await h.close()


async def test_an_organiser_with_nudges_off_still_gets_the_digest(h: Harness) -> None:
    """The digest is not a reminder: `!me nudges off` keeps it coming; fran hears nothing."""
    await h.ok("olivia", "!me nudges off")
    await h.wait(timedelta(days=7))
    assert len(digests(h, "olivia")) == 1
    assert h.dms("fran") == []  # an organiser was reached: no "no organiser" notice


async def test_the_no_organiser_notice_reaches_a_facilitator_with_nudges_off(
    tmp_path: Path,
) -> None:
    """The notice is not a reminder either: fran, with nudges off, is told it once."""
    h = await Harness(tmp_path / "g.sqlite3").start()
    try:
        h.as_role("olivia", Role.PARTICIPANT)
        await h.ok("olivia", "!me")
        h.as_role("fran", Role.FACILITATOR)
        await h.ok("fran", "!me nudges off")
        await h.wait(timedelta(days=7))
        await h.wait(timedelta(days=7))
        (told,) = h.dms("fran")
        assert "no organiser the bot knows of" in told.body
    finally:
        await h.close()
