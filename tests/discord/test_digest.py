"""The weekly digest on Discord: privately, with its chart attached as digest.png.

Through the real command tree and the fake Discord HTTP: `/digest now` answers ephemerally
with the PNG uploaded in the callback; the weekly run DMs every organiser at Monday 09:00,
and one whose DMs are closed (50007) does not stop the others', nor sees the digest shown
in a channel instead.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from storage.discord import DiscordRepository
from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, embed_of, field_value
from tests.discord.server import Call

CALLBACK = r"/interactions/\d+/.+/callback"
PARTICIPATION = "Participation (last 4 weeks, by constituency)"


def the_chart(call: Call) -> Image.Image:
    """The one file a request uploaded, checked to be digest.png, opened with Pillow."""
    ((name, data),) = call.files
    assert name == "digest.png"
    return Image.open(io.BytesIO(data))


def drawn_colours(picture: Image.Image) -> set[tuple[int, ...]]:
    """The opaque colours in a picture: one alone would be a blank chart."""
    counts = picture.convert("RGBA").getcolors(maxcolors=1_000_000) or []
    return {c for _, c in counts if isinstance(c, tuple) and c[3] == 255}


async def with_constituencies(app: App) -> None:
    """Constituencies set by the moderator (an organiser); Alice, a service user, acts once."""
    await app.slash(
        "settings set", name="constituencies", value="service user, provider", user=p.MOD_ID
    )
    await app.slash("me constituency", name="service user")
    await app.slash("idea add", text="Open the drop-in on Saturdays")


@pytest.mark.asyncio
async def test_digest_now_answers_privately_with_the_chart_attached(app: App) -> None:
    """/digest now: ephemeral, digest.png uploaded (800x400, drawn on), figures in the embed."""
    await with_constituencies(app)
    interaction, reply = await app.slash("digest now", user=p.MOD_ID)
    assert reply.ephemeral
    (call,) = [c for c in app.fd.calls("POST", CALLBACK) if c.files]
    picture = the_chart(call)
    assert picture.format == "PNG" and picture.size == (800, 400)
    assert len(drawn_colours(picture)) >= 3  # grey text and grid, and a line per side
    original = app.fd.original(interaction)
    assert original is not None
    assert [a["filename"] for a in original["attachments"]] == ["digest.png"]
    embed = embed_of(reply)
    assert embed["title"] == "Weekly digest: Co-production"
    assert (  # Alice, with the owner (known from the server) and the moderator (not said)
        "service user: 1 member (33%), 1 active in 4 weeks, 100% of this week's actions"
        in field_value(embed, PARTICIPATION)
    )
    weekly = field_value(embed, "Actions per week")
    assert "service user: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1" in weekly


@pytest.mark.asyncio
async def test_a_participant_is_refused_the_digest(app: App) -> None:
    """Bob (no role) asking for the digest is told it is for organisers; nothing is sent."""
    _, reply = await app.slash("digest now", user=p.BOB_ID)
    assert reply.ephemeral
    assert reply.content == (
        "/digest now is for an organiser or above; you are a participant. "
        "Type /help to see what you can do."
    )
    assert [c for c in app.fd.calls("POST", CALLBACK) if c.files] == []
    assert app.fd.dms(p.BOB_ID) == []


@pytest.mark.asyncio
async def test_the_weekly_digest_reaches_an_organiser_past_one_whose_dms_are_closed(
    app: App,
) -> None:
    """Monday 09:00 in the group's zone: the owner gets digest.png past the moderator's DMs.

    The moderator's DMs are closed (50007) and are tried first; the owner still gets the DM
    with the chart, and nobody gets it twice.
    """
    await with_constituencies(app)
    await app.slash("settings set", name="timezone", value="Europe/Berlin", user=p.MOD_ID)
    await app.slash("digest settings", user=p.OWNER_ID)  # the owner is now a known organiser
    app.fd.forbid_dm(p.MOD_ID)
    mod_dm = rf"/channels/{app.fd.dm_channel_id(p.MOD_ID)}/messages"
    owner_dm = rf"/channels/{app.fd.dm_channel_id(p.OWNER_ID)}/messages"

    await app.wait(timedelta(days=6, hours=22, minutes=59))  # Monday 7 December, 08:59 Berlin
    assert app.fd.calls("POST", mod_dm) == app.fd.calls("POST", owner_dm) == []
    await app.wait(timedelta(minutes=2))  # 09:01 Berlin

    refused, sent = app.fd.calls("POST", f"{mod_dm}|{owner_dm}")
    assert refused.path == mod_dm  # the closed one first: it did not stop the next
    assert sent.path == owner_dm
    (dm,) = app.fd.dms(p.OWNER_ID)
    assert [a["filename"] for a in dm["attachments"]] == ["digest.png"]
    assert dm["attachments"][0]["description"].startswith("Chart of actions per week")
    embed = embed_of(dm)
    assert embed["title"] == "Weekly digest: Co-production"
    assert embed["footer"]["text"] == "From Co-production"
    assert (  # Alice, with the moderator and the owner (not said) as the known members
        "service user: 1 member (33%), 1 active in 4 weeks, 100% of this week's actions"
        in field_value(embed, PARTICIPATION)
    )
    weekly = field_value(embed, "Actions per week")
    assert "service user: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1" in weekly
    picture = the_chart(sent)
    assert picture.size == (800, 400) and len(drawn_colours(picture)) >= 3

    await app.restart()  # a restart the same morning sends nothing again
    await app.wait(timedelta(hours=1))
    assert len(app.fd.dms(p.OWNER_ID)) == 1
    assert app.fd.calls("POST", f"{mod_dm}|{owner_dm}") == []
    assert await app.rows("SELECT count(*) FROM outbox_sends WHERE dedupe LIKE 'digest:%'") == [
        (2,)
    ]


@pytest.mark.asyncio
async def test_a_digest_that_cannot_be_sent_privately_is_never_shown_in_a_channel(
    app: App,
) -> None:
    """Closed DMs: the channel mention says a digest is waiting and shows none of it.

    The digest names the members who have gone quiet, for organisers only; the mention
    that replaces a DM others can read carries no embed, figures or chart.
    """
    await with_constituencies(app)
    app.fd.forbid_dm(p.MOD_ID)
    await app.wait(timedelta(days=7, minutes=1))  # Monday 7 December, 09:01 UTC
    (mention,) = [
        m for m in app.fd.channel_messages(p.GENERAL_ID) if f"<@{p.MOD_ID}>" in m["content"]
    ]
    assert mention["content"] == (
        f"<@{p.MOD_ID}>, I couldn't message you directly (your direct messages are closed). "
        "Weekly digest: Co-production is for you alone, so it is not shown here: allow direct "
        "messages from this server's members to get the next one."
    )
    assert mention["embeds"] == [] and mention["attachments"] == []
    (fallback,) = await DiscordRepository(app.bot.db.reader).dm_fallbacks(GROUP)
    assert (fallback.user_id, fallback.error_code) == (str(p.MOD_ID), 50007)
