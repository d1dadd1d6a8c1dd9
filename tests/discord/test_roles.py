"""Roles on Discord: configured role names or ids, Manage Server, and where commands may run."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DiscordConfig
from tests.discord import payloads as p
from tests.discord.conftest import App, running

REFUSED_CREATE = (
    "Only a facilitator or above can create polls in this group; you are a participant. "
    "Ask a facilitator, or see `/help` for what you can do."
)


async def try_create(app: App, user: int) -> tuple[bool, str | None]:
    """(was it refused, the answer text) for a poll created by `user`."""
    _, reply = await app.slash(
        "poll create", question="Which evening?", option1="Mon", option2="Tue", user=user
    )
    return reply.ephemeral, reply.content


@pytest.mark.asyncio
async def test_participant_cannot_create_a_poll(app: App) -> None:
    """Bob has no configured role: the cog refuses him, ephemerally, in the shell's words."""
    assert await try_create(app, p.BOB_ID) == (True, REFUSED_CREATE)
    assert await app.rows("SELECT count(*) FROM polls") == [(0,)]


@pytest.mark.asyncio
async def test_facilitator_by_configured_role_name(app: App) -> None:
    """Alice's 'Member' role is configured as a facilitator role, so she may create polls."""
    refused, _ = await try_create(app, p.ALICE_ID)
    assert not refused


@pytest.mark.asyncio
async def test_roles_by_id_and_unconfigured_names(tmp_path: Path) -> None:
    """A role id works like a name; with the default names Alice is only a participant."""
    by_id = DiscordConfig(facilitator_roles=(str(p.MEMBER_ROLE_ID),))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    async with running(tmp_path / "a", discord_config=by_id) as app:
        assert not (await try_create(app, p.ALICE_ID))[0]
    async with running(tmp_path / "b", discord_config=DiscordConfig()) as app:
        assert await try_create(app, p.ALICE_ID) == (True, REFUSED_CREATE)


@pytest.mark.asyncio
async def test_manage_server_makes_an_organiser(app: App) -> None:
    """The moderator (Manage Server) and the owner change settings; a facilitator cannot."""
    _, refused = await app.slash("settings set", name="poll_threads", value="on")
    assert refused.ephemeral and (refused.content or "").startswith(
        "Only an organiser or above can change poll_threads; you are a facilitator."
    )
    _, changed = await app.slash("settings set", name="poll_threads", value="on", user=p.MOD_ID)
    assert not changed.ephemeral and changed.content == "poll_threads is now on."
    _, owner = await app.slash(
        "settings set", name="timezone", value="Europe/London", user=p.OWNER_ID
    )
    assert owner.content == "timezone is now Europe/London."


@pytest.mark.asyncio
async def test_organiser_by_configured_role(tmp_path: Path) -> None:
    """A role listed in organiser_roles makes an organiser."""
    config = DiscordConfig(organiser_roles=("member",))  # names match without case
    async with running(tmp_path, discord_config=config) as app:
        _, changed = await app.slash("settings set", name="reminder_hours", value="2")
        assert changed.content == "reminder_hours is now 2."


@pytest.mark.asyncio
async def test_commands_in_a_dm_are_politely_refused(app: App) -> None:
    """A slash command used in a DM gets an ephemeral note of what works there and what not."""
    interaction = await app.fd.dispatch(app.fd.slash("poll list", dm=True))
    reply = app.fd.reply(interaction)
    assert reply is not None and reply.ephemeral
    assert reply.content is not None
    assert reply.content.startswith("In a direct message with me you can use ")
    assert "/poll vote, /poll withdraw" in reply.content and "/poll list" not in reply.content
    assert reply.content.endswith("Please use my other commands in your server.")
    assert await app.rows("SELECT count(*) FROM groups") == [(1,)]  # only the real server
