"""Posts, DMs and their fallback when DMs are closed; members seen with the members intent."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import DiscordConfig
from bot.core.events import MemberJoined
from bot.core.model import Reply, User
from bot.platforms.discord.client import intents_for
from storage.discord import DiscordRepository
from tests.discord import payloads as p
from tests.discord.conftest import FACILITATING, GROUP, App, buttons, embed_of, field_value, running


async def poll_closing_in_three_days(app: App) -> None:
    """Alice creates a poll closing in 3 days; Bob and the moderator are known members."""
    await app.slash(
        "poll create", question="Which evening?", option1="Mon", option2="Tue", closes="in 3 days"
    )
    await app.slash("poll list", user=p.BOB_ID)
    await app.slash("poll list", user=p.MOD_ID)


@pytest.mark.asyncio
async def test_reminder_dm_names_the_server_and_its_button_works_there(app: App) -> None:
    """A reminder arrives as a DM; its button, pressed in the DM, runs for the server."""
    await poll_closing_in_three_days(app)
    await app.wait(timedelta(days=2, hours=1))
    (dm,) = app.fd.dms(p.ALICE_ID)
    embed = embed_of(dm)
    assert embed["title"] == "A poll is closing soon"
    assert embed["footer"]["text"] == "From Co-production"
    ((label, custom_id),) = buttons(dm)
    assert label == "Show the poll" and custom_id == f"cp:a:{p.GUILD_ID}:poll results 1"
    before = len(app.fd.calls())
    interaction, reply = await app.click(custom_id)
    # Alice is fetched from the server (no members intent), so the press is acknowledged first
    assert reply.type == 5 and app.fd.calls()[before].path.endswith("/callback")
    (results,) = app.fd.followups(interaction)
    assert not results["flags"] & p.EPHEMERAL  # results are public; here, in the DM
    assert embed_of(results)["title"] == "Results of poll 1 (open): Which evening?"
    assert await DiscordRepository(app.bot.db.reader).dm_fallbacks(GROUP) == []


@pytest.mark.asyncio
async def test_closed_dms_fall_back_to_the_bot_channel_and_are_recorded(app: App) -> None:
    """Bob's DMs are closed (50007): he is mentioned in the bot channel, and it is recorded."""
    await poll_closing_in_three_days(app)
    await app.slash("settings set", name="bot_channel", value=str(p.BOT_CHANNEL_ID), user=p.MOD_ID)
    app.fd.forbid_dm(p.BOB_ID)
    await app.wait(timedelta(days=2, hours=1))
    assert app.fd.dms(p.BOB_ID) == []
    (mention,) = app.fd.channel_messages(p.BOT_CHANNEL_ID)
    assert mention["content"].startswith(f"<@{p.BOB_ID}>, I couldn't message you directly")
    assert embed_of(mention)["title"] == "A poll is closing soon"
    (call,) = app.fd.calls("POST", rf"/channels/{p.BOT_CHANNEL_ID}/messages")
    assert call.json["allowed_mentions"] == {"parse": [], "users": [p.BOB_ID]}
    (fallback,) = await DiscordRepository(app.bot.db.reader).dm_fallbacks(GROUP)
    assert (fallback.user_id, fallback.channel_id, fallback.error_code) == (
        str(p.BOB_ID),
        str(p.BOT_CHANNEL_ID),
        50007,
    )
    assert fallback.created_at == app.clock.now()
    assert len(app.fd.dms(p.MOD_ID)) == 1  # the others still get their DM


@pytest.mark.asyncio
async def test_without_a_bot_channel_the_first_writable_channel_is_used(app: App) -> None:
    """With no bot_channel set (and no system channel), the first text channel is used."""
    app.fd.forbid_dm(p.BOB_ID)
    await app.bot.group(GROUP)
    await app.client.outlet.dm(
        GROUP, User(str(p.BOB_ID), "Bob"), Reply("Psst", title="Hello"), idem="test5"
    )
    (mention,) = app.fd.channel_messages(p.GENERAL_ID)
    assert mention["content"].startswith(f"<@{p.BOB_ID}>")


@pytest.mark.asyncio
async def test_a_fallback_nowhere_is_still_recorded(app: App) -> None:
    """If no channel takes the mention either, the failed DM is recorded with no channel."""
    app.fd.forbid_dm(p.BOB_ID)
    for channel in (p.GENERAL_ID, p.BOT_CHANNEL_ID):
        app.fd.fail("POST", rf"/channels/{channel}/messages")
    await app.bot.group(GROUP)
    await app.client.outlet.dm(GROUP, User(str(p.BOB_ID), "Bob"), Reply("Psst"), idem="test6")
    (fallback,) = await DiscordRepository(app.bot.db.reader).dm_fallbacks(GROUP)
    assert fallback.channel_id is None and fallback.error_code == 50007


@pytest.mark.asyncio
async def test_post_of_a_keyed_reply_becomes_a_living_message(app: App) -> None:
    """A keyed reply posted by a cog is remembered, so `update` edits that message."""
    await app.bot.group(GROUP)
    posting = app.bot.posting
    shown = ["first"]

    async def board(group_id: str, key: str) -> Reply:
        return Reply(shown[0], title="Board", key=key)

    posting.living("board", board)
    await posting.post(GROUP, str(p.BOT_CHANNEL_ID), Reply("first", title="Board", key="board:1"))
    await app.bot.settle()
    shown[0] = "second"
    await posting.refresh(GROUP, "board:1")
    await app.bot.settle()
    (message,) = app.fd.channel_messages(p.BOT_CHANNEL_ID)
    assert embed_of(message)["description"] == "second"
    post = await app.bot.posts.get(GROUP, "board:1")
    assert post is not None and post.message_ref == message["id"]
    await posting.refresh(GROUP, "board:2")  # nothing to edit: no error
    await app.bot.settle()


def test_intents_are_only_what_is_needed() -> None:
    """Guilds always; Server Members only when configured; never message content."""
    plain = intents_for(DiscordConfig())
    assert plain.guilds and not plain.members and not plain.message_content
    assert plain.value == 1
    assert intents_for(DiscordConfig(members_intent=True)).members


@pytest.mark.asyncio
async def test_members_intent_counts_everyone_and_newcomers(tmp_path: Path) -> None:
    """With the members intent every human member counts for turnout, and so do newcomers."""
    config = DiscordConfig(facilitator_roles=FACILITATING.facilitator_roles, members_intent=True)
    async with running(tmp_path, discord_config=config) as app:
        members = await app.bot.groups.members(GROUP)
        assert sorted(m.display_name for m in members) == ["Alice", "Bob", "Mod", "Owner"]
        await app.slash("poll create", question="Which evening?", option1="Mon", option2="Tue")
        assert field_value(embed_of(await app.living("poll:1")), "Turnout") == (
            "0 of 4 members have voted (0%)"
        )
        joined: list[str] = []

        async def listener(event: MemberJoined) -> None:
            joined.append(event.user.name)

        app.bot.events.listen(MemberJoined, listener)
        carol = p.new_id()
        await app.fd.member_join(carol, "carol")
        assert joined == ["Carol"]
        assert await app.bot.groups.member_count(GROUP) == 5
        await app.fd.gateway(
            "GUILD_MEMBER_REMOVE", {"guild_id": str(p.GUILD_ID), "user": p.user(carol, "carol")}
        )
        assert await app.bot.groups.member_count(GROUP) == 4


@pytest.mark.asyncio
async def test_a_dm_button_needs_membership_of_its_server(app: App) -> None:
    """Someone who is not (or no longer) in the server cannot use its buttons from a DM."""
    await poll_closing_in_three_days(app)
    await app.wait(timedelta(days=2, hours=1))
    ((_, custom_id),) = buttons(app.fd.dms(p.ALICE_ID)[0])
    stranger = p.new_id()
    app.fd.users[stranger] = p.user(stranger, "stranger")
    dm_message = int(app.fd.dms(p.ALICE_ID)[0]["id"])
    interaction, reply = await app.click(custom_id, user=stranger, message_id=dm_message)
    assert reply.ephemeral
    refusal = app.fd.original(interaction)
    assert refusal is not None and not refusal["flags"] & p.LOADING
    assert (
        refusal["content"] == "You are not a member of that server, so you can't use its buttons."
    )
