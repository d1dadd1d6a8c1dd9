"""Tests of the fake Discord harness, driving a toy CommandTree (not the project's bot)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from tests.discord import payloads as p
from tests.discord.fakes import FakeDiscord


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"vote:(?P<poll>\d+):(?P<choice>\w+)",
):
    """A stateless vote button whose state lives in its custom id."""

    def __init__(self, poll: int, choice: str) -> None:
        super().__init__(discord.ui.Button(label=choice, custom_id=f"vote:{poll}:{choice}"))
        self.poll, self.choice = poll, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VoteButton:
        """Rebuild the button from its custom id."""
        return cls(int(match["poll"]), match["choice"])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Acknowledge the vote privately."""
        text = f"{interaction.user.name} voted {self.choice} on poll {self.poll}"
        await interaction.response.send_message(text, ephemeral=True)


class ToyTree(app_commands.CommandTree):
    """A tree that records errors and tells the user something went wrong."""

    def __init__(self, client: discord.Client) -> None:
        super().__init__(client)
        self.errors: list[app_commands.AppCommandError] = []

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Record the error and answer ephemerally."""
        self.errors.append(error)
        await interaction.response.send_message("oops", ephemeral=True)


class ToyClient(discord.Client):
    """A client whose setup_hook registers dynamic items and syncs commands."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.default())
        self.tree = ToyTree(self)

    async def setup_hook(self) -> None:
        """Register the persistent button and sync the global commands."""
        self.add_dynamic_items(VoteButton)
        await self.tree.sync()


def build() -> ToyClient:
    """Build the toy bot: /poll vote|post|boom|slow|remind and /admin poll close."""
    client = ToyClient()
    poll = app_commands.Group(name="poll", description="Polls")
    admin = app_commands.Group(name="admin", description="Admin")
    admin_poll = app_commands.Group(name="poll", description="Poll admin", parent=admin)

    @poll.command(name="vote", description="Vote")
    async def vote(interaction: discord.Interaction, id: int, choice: str) -> None:
        await interaction.response.send_message(f"vote {choice!r} on poll {id}", ephemeral=True)

    @vote.autocomplete("choice")
    async def choice_ac(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = ["blue", "black", "red"]
        return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

    @poll.command(name="post", description="Post a poll")
    async def post(interaction: discord.Interaction, id: int) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(VoteButton(id, "yes"))
        view.add_item(VoteButton(id, "no"))
        await interaction.response.send_message(f"Poll {id}", view=view)

    @poll.command(name="boom", description="Fail")
    async def boom(interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    @poll.command(name="slow", description="Defer, then follow up")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("done")

    @poll.command(name="remind", description="DM someone")
    async def remind(interaction: discord.Interaction, user: discord.User) -> None:
        try:
            await user.send("reminder")
        except discord.Forbidden as exc:
            text = f"could not DM {user.name} ({exc.code})"
        else:
            text = f"DM sent to {user.name}"
        await interaction.response.send_message(text, ephemeral=True)

    @admin_poll.command(name="close", description="Close a poll")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def close(interaction: discord.Interaction, id: int) -> None:
        await interaction.response.send_message(f"closed {id}")

    client.tree.add_command(poll)
    client.tree.add_command(admin)
    return client


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A started FakeDiscord running the toy bot."""
    async with FakeDiscord(build) as fd:
        yield fd


def tree_of(fd: FakeDiscord) -> ToyTree:
    """The toy tree of the running client."""
    assert isinstance(fd.tree, ToyTree)
    return fd.tree


@pytest.mark.asyncio
async def test_login_runs_setup_hook_and_sync(fake: FakeDiscord) -> None:
    """Login goes through FakeHTTP, runs setup_hook, and the guild is cached from GUILD_CREATE."""
    (put,) = fake.calls("PUT", rf"/applications/{p.APP_ID}/commands")
    assert sorted(c["name"] for c in put.json) == ["admin", "poll"]
    guild = fake.client.get_guild(p.GUILD_ID)
    assert guild is not None and guild.get_channel(p.GENERAL_ID) is not None
    assert fake.client.user is not None and fake.client.user.id == p.BOT_ID


@pytest.mark.asyncio
async def test_slash_subcommand_answers_ephemerally(fake: FakeDiscord) -> None:
    """/poll vote id:int choice:str reaches the real tree and answers with an ephemeral message."""
    interaction = await fake.dispatch(fake.slash("poll vote", id=3, choice="blue"))
    reply = fake.reply(interaction)
    assert interaction.command is not None and interaction.command.qualified_name == "poll vote"
    assert reply is not None and reply.type == 4 and reply.ephemeral
    assert reply.content == "vote 'blue' on poll 3"
    assert fake.original(interaction)["content"] == reply.content  # type: ignore[index]


@pytest.mark.asyncio
async def test_autocomplete_returns_choices(fake: FakeDiscord) -> None:
    """Autocomplete on the focused option answers with type 8 and the matching choices."""
    payload = fake.autocomplete("poll vote", "choice", id=3, choice="bl")
    reply = fake.reply(await fake.dispatch(payload))
    assert reply is not None and reply.type == 8
    assert [c["value"] for c in reply.choices] == ["blue", "black"]


@pytest.mark.asyncio
async def test_dynamic_button_survives_restart(fake: FakeDiscord) -> None:
    """A DynamicItem button posted before a restart still dispatches afterwards."""
    posted = await fake.dispatch(fake.slash("poll post", id=7))
    message = fake.original(posted)
    assert message is not None and p.custom_ids(message) == ["vote:7:yes", "vote:7:no"]
    await fake.restart()
    assert fake.calls("POST", r"/interactions/.*") == []  # fresh call log
    clicked = await fake.dispatch(fake.click("vote:7:no", user=p.BOB_ID))
    reply = fake.reply(clicked)
    assert reply is not None and reply.type == 4 and reply.ephemeral
    assert reply.content == "bob voted no on poll 7"


@pytest.mark.asyncio
async def test_handler_error_goes_to_on_error(fake: FakeDiscord) -> None:
    """An exception in a handler reaches tree.on_error as CommandInvokeError."""
    interaction = await fake.dispatch(fake.slash("poll boom"))
    (error,) = tree_of(fake).errors
    assert isinstance(error, app_commands.CommandInvokeError)
    assert isinstance(error.original, RuntimeError)
    reply = fake.reply(interaction)
    assert reply is not None and reply.content == "oops" and reply.ephemeral


@pytest.mark.asyncio
async def test_followup_after_defer_leaves_thinking_message(fake: FakeDiscord) -> None:
    """A followup after a defer is a new message: "thinking…" stays (no deprecated fill-in)."""
    interaction = await fake.dispatch(fake.slash("poll slow"))
    reply = fake.reply(interaction)
    assert reply is not None and reply.type == 5 and reply.ephemeral
    original = fake.original(interaction)
    assert original is not None and original["flags"] & p.LOADING and original["content"] == ""
    (followup,) = fake.followups(interaction)
    assert followup["content"] == "done" and followup["id"] != original["id"]


@pytest.mark.asyncio
async def test_dm_refused_with_forbidden_50007(fake: FakeDiscord) -> None:
    """A DM to a user who blocks DMs raises a real discord.Forbidden with code 50007."""
    fake.forbid_dm(p.BOB_ID)
    refused = await fake.dispatch(fake.slash("poll remind", {"user": p.BOB_ID}, user=p.ALICE_ID))
    allowed = await fake.dispatch(fake.slash("poll remind", {"user": p.ALICE_ID}, user=p.MOD_ID))
    assert fake.reply(refused).content == "could not DM bob (50007)"  # type: ignore[union-attr]
    assert fake.reply(allowed).content == "DM sent to alice"  # type: ignore[union-attr]
    assert fake.dms(p.BOB_ID) == []
    assert [m["content"] for m in fake.dms(p.ALICE_ID)] == ["reminder"]
    assert len(fake.calls("POST", "/users/@me/channels")) == 2


@pytest.mark.asyncio
async def test_permission_check_in_subcommand_group(fake: FakeDiscord) -> None:
    """/admin poll close is nested group/subcommand; only Manage Guild members may run it."""
    allowed = await fake.dispatch(fake.slash("admin poll close", id=1, user=p.MOD_ID))
    denied = await fake.dispatch(fake.slash("admin poll close", id=1, user=p.ALICE_ID))
    assert fake.reply(allowed).content == "closed 1"  # type: ignore[union-attr]
    assert fake.reply(denied).content == "oops"  # type: ignore[union-attr]
    (error,) = tree_of(fake).errors
    assert isinstance(error, app_commands.MissingPermissions)
