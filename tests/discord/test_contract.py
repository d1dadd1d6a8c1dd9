"""The interaction contract, channel permissions, rate limits and intents, as Discord applies them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import discord
import pytest

from bot.config import DiscordConfig
from bot.platforms.discord.tree import payloads
from tests.discord import limits
from tests.discord import payloads as p
from tests.discord.conftest import FACILITATING, GROUP, App, buttons, embed_of, running

MEMBERS = DiscordConfig(facilitator_roles=FACILITATING.facilitator_roles, members_intent=True)


@pytest.mark.asyncio
async def test_an_answer_after_three_seconds_is_refused_and_nothing_breaks(app: App) -> None:
    """An interaction already 3.5 s old cannot be answered (10062); the bot logs and goes on."""
    late = await app.fd.dispatch(app.fd.slash("poll list", age=3.5))
    await app.settle()
    assert app.fd.reply(late) is None
    _, reply = await app.slash("poll list")
    assert reply.type == 4


@pytest.mark.asyncio
async def test_the_budget_counts_from_when_discord_created_the_interaction(
    tmp_path: Path,
) -> None:
    """An interaction that arrives 2.5 s old is deferred at once, within Discord's 3 s."""
    async with running(tmp_path, defer_after=2.0) as app:
        fresh = await app.fd.dispatch(app.fd.slash("poll list"))
        old = await app.fd.dispatch(app.fd.slash("poll list", age=2.5))
        await app.settle()
        assert app.fd.reply(fresh).type == 4  # type: ignore[union-attr]
        assert app.fd.reply(old).type == 5  # type: ignore[union-attr]
        answer = app.fd.original(old)
        assert answer is not None and not answer["flags"] & p.LOADING and answer["content"]


@pytest.mark.asyncio
async def test_respond_once_and_only_then_follow_up_within_15_minutes(app: App) -> None:
    """Discord's rules: 10015 before a response, 40060 on a second one, 50027 after 15 min."""
    payload = app.fd.slash("poll list")
    first, second = app.fd.interaction(payload), app.fd.interaction(payload)
    with pytest.raises(discord.NotFound) as early:
        await first.followup.send("too early")
    assert early.value.code == 10015
    await first.response.defer(ephemeral=True, thinking=True)
    with pytest.raises(discord.HTTPException) as twice:
        await second.response.send_message("again")
    assert twice.value.code == 40060
    app.clock.advance(timedelta(minutes=16))
    with pytest.raises(discord.HTTPException) as expired:
        await first.edit_original_response(content="late")
    assert expired.value.code == 50027


@pytest.mark.asyncio
async def test_command_registration_is_validated(app: App) -> None:
    """The bot's own commands pass Discord's checks; a bad one (order, name) is refused."""
    assert limits.command_errors(await payloads(app.client.tree)) == {}
    await app.client.tree.sync()
    bad = {
        "name": "Poll",
        "description": "x",
        "options": [
            {"type": 3, "name": "a", "description": "a", "required": False},
            {"type": 3, "name": "b", "description": "b", "required": True},
        ],
    }
    errors = limits.command_errors([bad])
    assert errors["0"]["name"] and errors["0"]["options"]["1"]["required"]
    with pytest.raises(discord.HTTPException) as refused:
        await app.client.http.bulk_upsert_global_commands(p.APP_ID, [bad])
    assert refused.value.code == 50035


@pytest.mark.asyncio
async def test_every_command_says_where_it_may_be_used(app: App) -> None:
    """`contexts` is set on every command: servers, plus the bot's DMs for /poll (vote there)."""
    where = {c["name"]: c["contexts"] for c in await payloads(app.client.tree)}
    assert where and all(where.values())
    assert where["poll"] == [0, 1] and where["settings"] == [0]


@pytest.mark.asyncio
async def test_anonymous_vote_in_a_dm_counts_in_the_polls_server(app: App) -> None:
    """/poll vote used in a DM with the bot votes in the poll's server; other commands are told."""
    await app.slash("poll create", question="Which evening?", option1="Mon", option2="Tue")
    voted = await app.fd.dispatch(app.fd.slash("poll vote", id=1, choice="2", dm=True))
    await app.settle()
    reply = app.fd.reply(voted)
    assert reply is not None and reply.ephemeral, reply
    assert await app.rows("SELECT count(*) FROM ballots") == [(1,)]
    stranger = await app.fd.dispatch(app.fd.slash("poll vote", id=99, choice="1", dm=True))
    assert "I can't find ID 99" in (app.fd.reply(stranger).content or "")  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_results_reach_a_channel_where_the_bot_may_write(app: App) -> None:
    """Without Send Messages there, results go to the bot channel; facilitators are told once."""
    await app.slash("settings set", name="bot_channel", value=str(p.BOT_CHANNEL_ID), user=p.MOD_ID)
    for question in ("Which evening?", "Which room?"):
        await app.slash("poll create", question=question, option1="Mon", option2="Tue")
    vote = next(c for _, c in buttons(await app.living("poll:1")) if "vote 1 1" in c)
    await app.fd.deny(p.GENERAL_ID, send_messages=True)
    error = await app.fd.dispatch(app.fd.slash("poll close", id=1))
    await app.fd.dispatch(app.fd.slash("poll close", id=2))
    await app.wait(timedelta(minutes=1))
    assert app.fd.reply(error) is not None
    results = [embed_of(m)["title"] for m in app.fd.channel_messages(p.BOT_CHANNEL_ID)]
    assert "Results of poll 1 (closed): Which evening?" in results
    assert "Results of poll 2 (closed): Which room?" in results
    (told,) = app.fd.dms(p.ALICE_ID)  # alice acted here as a facilitator; told once
    assert "missing Send Messages" in embed_of(told)["description"]
    (owner_told,) = app.fd.dms(p.OWNER_ID)  # known from the server as its organiser
    assert "missing Send Messages" in embed_of(owner_told)["description"]
    assert app.fd.dms(p.BOB_ID) == []
    _, pressed = await app.click(vote, message_id=int((await app.living("poll:1"))["id"]))
    assert pressed.ephemeral and "closed" in (pressed.content or "")


@pytest.mark.asyncio
async def test_no_view_channel_is_missing_access(app: App) -> None:
    """Writing where the bot cannot even see is 50001; without Send Messages it is 50013."""
    channel = app.client.get_channel(p.GENERAL_ID)
    assert isinstance(channel, discord.TextChannel)
    await app.fd.deny(p.GENERAL_ID, send_messages=True)
    with pytest.raises(discord.Forbidden) as cannot_send:
        await channel.send("hi")
    await app.fd.deny(p.GENERAL_ID, view_channel=True)
    with pytest.raises(discord.Forbidden) as cannot_see:
        await channel.send("hi")
    assert (cannot_send.value.code, cannot_see.value.code) == (50013, 50001)


@pytest.mark.asyncio
async def test_a_burst_of_edits_is_rate_limited_and_ridden_out(app: App) -> None:
    """The sixth edit of one message within 5 s gets a 429; discord.py waits and retries."""
    channel = app.client.get_channel(p.GENERAL_ID)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.send("0")
    for n in range(1, 7):
        await message.edit(content=str(n))
    assert len(app.fd.limited) == 1 and app.fd.messages[message.id]["content"] == "6"


@pytest.mark.asyncio
async def test_without_the_members_intent_only_the_bot_is_listed(app: App) -> None:
    """GUILD_CREATE lists members only with the members intent (and no member events come)."""
    guild = app.client.get_guild(p.GUILD_ID)
    assert guild is not None and [m.id for m in guild.members] == [p.BOT_ID]
    await app.fd.member_join(p.new_id(), "carol")
    assert len(guild.members) == 1


@pytest.mark.asyncio
async def test_someone_who_left_is_forgotten_not_mentioned(app: App) -> None:
    """A reminder for someone who left (DM refused, 404 from the server) forgets them quietly."""
    await app.slash(
        "poll create", question="Which evening?", option1="Mon", option2="Tue", closes="in 3 days"
    )
    await app.slash("poll list", user=p.BOB_ID)
    guild = app.fd.guilds[p.GUILD_ID]
    guild["members"] = [m for m in guild["members"] if int(m["user"]["id"]) != p.BOB_ID]
    app.fd.forbid_dm(p.BOB_ID)
    await app.wait(timedelta(days=2, hours=1))
    assert not await app.bot.members.is_member(GROUP, str(p.BOB_ID))
    mentions = [m for c in (p.GENERAL_ID, p.BOT_CHANNEL_ID) for m in app.fd.channel_messages(c)]
    assert not any(str(p.BOB_ID) in str(m.get("content")) for m in mentions)


@pytest.mark.asyncio
async def test_people_who_left_while_the_bot_was_down_are_forgotten(tmp_path: Path) -> None:
    """With the members intent, the member list at start removes who left meanwhile."""
    async with running(tmp_path, discord_config=MEMBERS) as app:
        assert await app.bot.members.is_member(GROUP, str(p.BOB_ID))
        guild = app.fd.guilds[p.GUILD_ID]  # Bob leaves; no event reaches the bot
        guild["members"] = [m for m in guild["members"] if int(m["user"]["id"]) != p.BOB_ID]
        await app.restart()
        assert not await app.bot.members.is_member(GROUP, str(p.BOB_ID))
        assert await app.bot.members.is_member(GROUP, str(p.ALICE_ID))


@pytest.mark.asyncio
async def test_a_poll_still_appears_when_its_thread_cannot_open(tmp_path: Path) -> None:
    """Without Create Public Threads (50013) the poll is posted and works, just threadless."""
    async with running(tmp_path, groups={"poll_threads": True}) as app:
        await app.fd.deny(p.GENERAL_ID, create_public_threads=True)
        _, reply = await app.slash(
            "poll create", question="Which evening?", option1="Mon", option2="Tue"
        )
        assert reply.type == 4 and buttons(reply)
        assert app.fd.calls("POST", r"/channels/\d+/messages/\d+/threads")
        assert not [c for c in app.fd.channels.values() if c.get("type") == 11]
