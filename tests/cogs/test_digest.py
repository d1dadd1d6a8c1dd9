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
    assert (
        "Gone quiet" in text
        and "bob" in text
        and "carol" in text
        and "alice" not in text.split("Gone quiet")[1]
    )
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
    assert h.rows("SELECT count(*) FROM outbox WHERE dedupe LIKE 'digest:%'") == [(1,)]


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
    """bob votes in a named poll: no longer quiet; carol's anonymous vote leaves no trace."""
    await h.ok("fran", '!poll create "Which evening?" Mon Tue')
    await h.ok("fran", '!poll create "Secret?" yes no --anonymous')
    await h.ok("bob", "!poll vote 1 2")
    await h.ok("carol", "!poll vote 2 1")
    reply = await h.ok("olivia", "!digest now")
    quiet = next(f.value for f in reply.fields if f.name.startswith("Gone quiet"))
    assert "bob" not in quiet and "carol" in quiet
    text = "\n".join(f.value for f in reply.fields)
    assert "service user: 2 members (40%), 1 active in 4 weeks, 100% of this week's actions" in (
        text
    )
    assert h.rows("SELECT count(*) FROM ballots WHERE cast_at IS NOT NULL") == [(1,)]


async def test_a_quiet_member_who_joined_lately_is_marked_new(h: Harness) -> None:
    """carol, here for a month, has drifted; dana, who came yesterday, has not started yet."""
    await h.wait(timedelta(days=30))
    await h.join("dana")
    await h.wait(timedelta(days=1))
    reply = await h.ok("olivia", "!digest now")
    quiet = next(f.value for f in reply.fields if f.name.startswith("Gone quiet")).split(", ")
    assert "dana (new)" in quiet and "carol" in quiet


async def test_a_long_quiet_list_shows_what_fits_and_sends_everyone_in_a_file(
    h: Harness,
) -> None:
    """120 quiet members: the field stays under Discord's 1,024 characters; the file has all."""
    many = [f"member-{n:03d}" for n in range(120)]
    await h.join(*many)
    reply = await h.ok("olivia", "!digest now")
    quiet = next(f.value for f in reply.fields if f.name.startswith("Gone quiet"))
    assert len(quiet) <= 1024 and "more: all" in quiet and "quiet-members.txt" in quiet
    (listing,) = [f for f in reply.files if f.name == "quiet-members.txt"]
    names = listing.data.decode().splitlines()
    assert len(names) == 125 and {"member-000", "member-119", "bob", "carol"} <= {
        n.removesuffix(" (new)") for n in names
    }
    shown = quiet.split(" and ")[0].split(", ")
    assert shown == names[: len(shown)]


async def test_someone_with_nudges_off_is_never_listed_as_quiet(h: Harness) -> None:
    """bob turned nudges off: however quiet, the digest does not name him; carol is named."""
    await h.ok("bob", "!me nudges off")
    await h.wait(timedelta(weeks=4))
    reply = await h.ok("olivia", "!digest now")
    quiet = next(f.value for f in reply.fields if f.name.startswith("Gone quiet"))
    # The fixture's actions were 4 weeks ago: everyone but bob has been quiet since.
    assert quiet.split(", ") == ["alice", "carol", "fran", "olivia"]


async def test_new_means_joined_within_the_three_quiet_weeks(h: Harness) -> None:
    """dana came 20 days before the digest and is new; erin came 22 days before and is not."""
    await h.wait(timedelta(weeks=4))  # the fixture's members are long past new
    await h.join("erin")
    await h.wait(timedelta(days=2))
    await h.join("dana")
    await h.wait(timedelta(days=20))
    reply = await h.ok("olivia", "!digest now")
    quiet = next(f.value for f in reply.fields if f.name.startswith("Gone quiet"))
    assert quiet.split(", ") == ["alice", "bob", "carol", "dana (new)", "erin", "fran", "olivia"]
