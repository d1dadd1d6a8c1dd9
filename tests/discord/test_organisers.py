"""Organisers on Discord are known from the server, before any of them types a command.

The server owner always; with the members intent also everyone with Manage Server or a
configured organiser role, and whoever gains one later. The first weekly digest (Monday
7 December 09:00 UTC, a week after START) reaches them.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import DiscordConfig
from tests.discord import payloads as p
from tests.discord.conftest import App, embed_of, running

FIRST_DIGEST = timedelta(days=7, minutes=1)
TITLE = "Weekly digest: Co-production"


def digests_to(app: App, user_id: int) -> list[str]:
    """Titles of the digests a user was sent privately."""
    return [
        embed_of(m)["title"]
        for m in app.fd.dms(user_id)
        if m["embeds"] and embed_of(m).get("title") == TITLE
    ]


async def a_week_with_an_idea(app: App, proposer: int = p.BOB_ID) -> None:
    """Someone who is not the organiser looked for proposes an idea; the digest falls due."""
    await app.slash("idea add", text="Open the drop-in on Saturdays", user=proposer)
    await app.wait(FIRST_DIGEST)


@pytest.mark.asyncio
async def test_the_owner_who_never_typed_gets_the_first_digest(app: App) -> None:
    """Without the members intent the owner is the one organiser Discord names: they get it."""
    await a_week_with_an_idea(app)
    assert digests_to(app, p.OWNER_ID) == [TITLE]
    assert digests_to(app, p.MOD_ID) == []  # Manage Server, but unlisted without the intent
    assert digests_to(app, p.BOB_ID) == []


@pytest.mark.asyncio
async def test_members_intent_finds_organisers_by_role_and_manage_server(tmp_path: Path) -> None:
    """With the intent: the owner, the moderator (Manage Server) and Alice (organiser role)."""
    config = DiscordConfig(organiser_roles=("Member",), members_intent=True)
    async with running(tmp_path, discord_config=config) as app:
        await a_week_with_an_idea(app)
        for organiser in (p.OWNER_ID, p.MOD_ID, p.ALICE_ID):
            assert digests_to(app, organiser) == [TITLE], organiser
        assert digests_to(app, p.BOB_ID) == []


@pytest.mark.asyncio
async def test_a_member_given_the_organiser_role_gets_the_digest(tmp_path: Path) -> None:
    """Bob is given the configured organiser role (a member update): he gets the digest."""
    config = DiscordConfig(organiser_roles=("Member",), members_intent=True)
    async with running(tmp_path, discord_config=config) as app:
        bob = p.member(app.fd.users[p.BOB_ID], [p.MEMBER_ROLE_ID])
        members = app.fd.guilds[p.GUILD_ID]["members"]
        members[:] = [bob if m["user"]["id"] == str(p.BOB_ID) else m for m in members]
        await app.fd.gateway("GUILD_MEMBER_UPDATE", {**bob, "guild_id": str(p.GUILD_ID)})
        await a_week_with_an_idea(app, proposer=p.ALICE_ID)  # Bob never types
        assert digests_to(app, p.BOB_ID) == [TITLE]


@pytest.mark.asyncio
async def test_a_new_owner_gets_the_digest_and_the_old_one_no_longer(app: App) -> None:
    """Ownership passes to Bob (a server update): he gets the digest, the old owner does not."""
    guild = app.fd.guilds[p.GUILD_ID]
    guild["owner_id"] = str(p.BOB_ID)
    await app.fd.gateway("GUILD_UPDATE", app.fd._guild_create(guild))
    await a_week_with_an_idea(app, proposer=p.ALICE_ID)  # Bob never types
    assert digests_to(app, p.BOB_ID) == [TITLE]
    assert digests_to(app, p.OWNER_ID) == []


@pytest.mark.asyncio
async def test_a_renamed_or_deleted_organiser_role_stops_the_digest(tmp_path: Path) -> None:
    """Alice's organiser role renamed (to one not configured) or deleted: no digest for her."""
    config = DiscordConfig(organiser_roles=("Member",), members_intent=True)
    for change in ("rename", "delete"):
        (tmp_path / change).mkdir()
        async with running(tmp_path / change, discord_config=config) as app:
            guild = str(p.GUILD_ID)
            if change == "rename":
                renamed = p.role(p.MEMBER_ROLE_ID, "Helpers", 0, 1)
                await app.fd.gateway("GUILD_ROLE_UPDATE", {"guild_id": guild, "role": renamed})
            else:
                deleted = {"guild_id": guild, "role_id": str(p.MEMBER_ROLE_ID)}
                await app.fd.gateway("GUILD_ROLE_DELETE", deleted)
            await a_week_with_an_idea(app)
            assert digests_to(app, p.ALICE_ID) == [], change
            assert digests_to(app, p.OWNER_ID) == [TITLE], change
