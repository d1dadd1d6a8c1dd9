"""The weekly digest: sent once to organisers on its day, with participation and a chart."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from bot.core.model import Role
from tests.harness import Harness


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """A group with constituencies; olivia (organiser) and fran (facilitator) have acted."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "fran")
    await harness.ok("olivia", '!settings set constituencies "service user, provider"')
    await harness.ok("fran", "!me")
    for who, side in (("alice", "service user"), ("bob", "service user"), ("fran", "provider")):
        await harness.ok(who, f'!me constituency "{side}"')
    return harness


def digests(h: Harness, who: str) -> list:
    """The digests someone received."""
    return [r for r in h.dms(who) if (r.title or "").startswith("Weekly digest")]


async def test_digest_now_shows_decisions_participation_and_a_chart(h: Harness) -> None:
    """Ideas proposed and answered show; the parity lines count by constituency; a real PNG."""
    await h.ok("alice", '!idea add "Free tea at every meeting"')
    await h.ok("fran", "!idea status 1 discussing")
    await h.ok("fran", '!idea status 1 adopted --reason "The budget allows it"')
    reply = await h.ok("olivia", "!digest now")
    text = "\n".join(f"{f.name}\n{f.value}" for f in reply.fields)
    assert "Idea 1 adopted: The budget allows it" in text
    assert "service user: 2 members" in text and "provider: 1 member" in text
    # Everyone joined today: nobody has gone quiet; bob and carol have not started yet.
    assert "Gone quiet" not in text
    fresh = next(f.value for f in reply.fields if f.name.startswith("New, not started"))
    assert "bob" in fresh.split(", ") and "carol" in fresh.split(", ") and "alice" not in fresh
    weekly = next(f.value for f in reply.fields if f.name == "Actions per week")
    assert "service user: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1" in weekly  # alice's idea
    (png,) = reply.files
    picture = Image.open(io.BytesIO(png.data))
    counts = picture.convert("RGBA").getcolors(maxcolors=1_000_000) or []
    opaque = {c for _, c in counts if isinstance(c, tuple) and c[3] == 255}
    # Drawn on, not blank: the text's grey and a colour for each of the three constituencies
    # (service user, provider, and those who have not said).
    assert picture.size == (800, 400) and len(opaque) >= 4


async def test_the_weekly_digest_goes_once_to_organisers_across_a_restart(h: Harness) -> None:
    """Monday 09:00 (group zone): olivia gets one digest; fran (facilitator) gets none."""
    await h.restart()
    await h.wait(timedelta(days=6, hours=23, minutes=59))  # Mon 30 Nov 09:00 + 7 d - 1 min
    assert digests(h, "olivia") == []
    await h.restart()
    await h.wait(timedelta(minutes=2))
    assert len(digests(h, "olivia")) == 1 and digests(h, "fran") == []
    await h.restart()
    await h.wait(timedelta(hours=1))
    assert h.rows("SELECT last_week FROM digests") == [("2026-12-07",)]
    assert h.rows("SELECT count(*) FROM outbox_sends WHERE dedupe LIKE 'digest:%'") == [(1,)]


async def test_a_digest_more_than_a_day_late_is_skipped_and_the_next_says_so(h: Harness) -> None:
    """The bot down over Monday: no late digest; the next Monday's mentions the skipped one."""
    await h.close()
    h.clock.advance(timedelta(days=9))  # down from Mon 30 Nov until Wed 9 Dec
    await h.start()
    assert digests(h, "olivia") == []
    await h.wait(timedelta(days=5))  # past Mon 14 Dec 09:00
    (sent,) = digests(h, "olivia")
    assert "was skipped" in sent.body


async def test_digest_refusals_change_nothing(h: Harness) -> None:
    """A participant cannot ask for it; a bad day or time is refused with what to type."""
    before = h.snapshot()
    assert "organiser" in (await h.say("alice", "!digest now")).body
    assert "day of the week" in (await h.say("olivia", "!settings set digest_day someday")).body
    assert "time of day" in (await h.say("olivia", "!settings set digest_time 25:99")).body
    assert "organisers only" in (await h.say("fran", "!digest preview")).body
    assert h.snapshot() == before


async def test_polls_decided_and_closing_soon_are_in_the_digest(h: Harness) -> None:
    """A consent poll closed this week shows its outcome; an open one its deadline and turnout."""
    await h.ok("fran", '!poll create "Adopt the new rota?" --kind consent')
    await h.ok("alice", "!poll vote 1 agree")
    await h.ok("fran", "!poll close 1")
    await h.ok("fran", '!poll create "Which evening?" Mon Tue --closes "friday 17:00"')
    await h.ok("bob", "!poll vote 2 1")
    reply = await h.ok("olivia", "!digest now")
    text = "\n".join(f.value for f in reply.fields)
    assert "Poll 1, Adopt the new rota?: passed, 1 voted" in text
    assert "Poll 2, Which evening?: closes" in text and "1 of" in text


async def test_a_named_vote_counts_as_taking_part_and_an_anonymous_one_names_nobody(
    h: Harness,
) -> None:
    """bob votes in a named poll: he has started; carol's anonymous vote leaves no trace."""
    await h.ok("fran", '!poll create "Which evening?" Mon Tue')
    await h.ok("fran", '!poll create "Secret?" yes no --anonymous')
    await h.ok("bob", "!poll vote 1 2")
    await h.ok("carol", "!poll vote 2 1")
    reply = await h.ok("olivia", "!digest now")
    fresh = next(f.value for f in reply.fields if f.name.startswith("New, not started"))
    assert fresh.split(", ") == ["alice", "carol", "olivia"]  # fran created the polls
    parity = next(f.value for f in reply.fields if f.name.startswith("Participation"))
    # This week: bob's vote (a service user's) and fran's two polls (a provider's).
    assert parity.splitlines()[:2] == [
        "provider: 1 member (20%), 1 active in 4 weeks, 67% of this week's actions",
        "service user: 2 members (40%), 1 active in 4 weeks, 33% of this week's actions",
    ]
    assert h.rows("SELECT count(*) FROM ballots WHERE cast_at IS NOT NULL") == [(1,)]


async def test_every_features_sections_come_in_the_digests_order(h: Harness) -> None:
    """Decided first (polls, then ideas), then what is open (polls, ideas), mentoring, meetings."""
    await h.ok("fran", '!poll create "Tea or coffee?" Tea Coffee --closes "tomorrow 12:00"')
    await h.ok("fran", '!poll create "Which room?" Hall Library --closes "in 5 days"')
    await h.ok("alice", "!poll vote 1 1")
    await h.ok("alice", '!idea add "Free tea at every meeting"')
    await h.ok("fran", '!meeting add "Steering group" "in 3 days 18:00"')
    await h.ok("alice", "!mentor join mentee")
    await h.ok("fran", "!mentor join mentor")
    await h.ok("fran", "!mentor round")
    await h.wait(timedelta(days=2))  # poll 1 has closed; poll 2 closes within the week
    reply = await h.ok("olivia", "!digest now")
    sections = [f.name for f in reply.fields][:6]
    assert sections == [
        "Polls decided",
        "Ideas decided and proposed",
        "Polls closing in the coming week",
        "Ideas waiting for an answer",
        "Mentoring (counts only)",
        "Meetings",
    ]
