"""The core's own behaviour: generated help, role checks, listeners, unknown commands."""

from __future__ import annotations

from datetime import timedelta

from bot.core.cog import Cog
from bot.core.commands import listener
from bot.core.events import MemberJoined, MemberLeft
from bot.core.model import Role, User
from tests.harness import GROUP_ID, Harness


async def test_help_lists_every_command_and_explains_one(harness: Harness) -> None:
    """An organiser's `!help` lists all but button-only commands; `!help poll create` explains."""
    listing = await harness.ok("olivia", "!help")
    text = "\n".join(f.value for f in listing.fields)
    for name, spec in harness.bot.commands.items():
        assert (f"`!{name}`" in text) is not (spec.hidden or name == "help"), name
    one = await harness.ok("alice", "!help poll create")
    assert "`!poll create QUESTION OPTION... [--closes WHEN]" in one.body
    assert "--anonymous: nobody can see who voted what" in one.body
    group = await harness.ok("alice", "!poll")
    assert group.title == "!poll commands"


async def test_unknown_help_topic_suggests(harness: Harness) -> None:
    """Help for a mistyped topic suggests the closest commands."""
    reply = await harness.say("alice", "!help pol vote")
    assert reply.error and "!help poll vote" in reply.body


async def test_role_below_the_declared_one_is_refused(harness: Harness) -> None:
    """A command declared for organisers refuses a facilitator, naming both roles."""
    harness.as_role("fran", Role.FACILITATOR)
    reply = await harness.say("fran", "!settings set poll_threads on")
    assert reply.error
    assert "for a organiser" not in reply.body and "organiser or above" in reply.body
    assert "you are a facilitator" in reply.body


async def test_listeners_hear_member_joined(harness: Harness) -> None:
    """A cog listening for member_joined is told, and the member counts from then on."""
    heard: list[str] = []

    class Welcome(Cog):
        @listener(MemberJoined)
        async def greet(self, event: MemberJoined) -> None:
            heard.append(f"{event.group_id}:{event.user.name}")

    harness.bot.add_cog(Welcome(harness.bot.services))
    await harness.bot.member_joined(GROUP_ID, "Terminal", User("zed", "Zed"))
    assert heard == [f"{GROUP_ID}:Zed"]
    assert harness.rows("SELECT display_name FROM members WHERE user_id = 'zed'") == [("Zed",)]


async def test_private_chat_runs_only_locatable_commands_in_their_group(harness: Harness) -> None:
    """In a private chat a vote runs in the poll's group; other commands and strangers are refused."""
    h = harness
    await h.join("bob")
    await h.ok("olivia", "!poll create Secret? Yes No --anonymous")

    async def participant(_group_id: str) -> Role:
        return Role.PARTICIPANT

    bob = User("bob", "bob")
    group_id, reply = await h.bot.handle_private_text(
        "!poll vote 1 2", bob, "dm", "shell", participant
    )
    assert group_id == GROUP_ID and not reply.error and "No" in reply.body
    assert h.rows("SELECT choices FROM ballots") == [("2",)]
    _, other = await h.bot.handle_private_text("!poll list", bob, "dm", "shell", participant)
    assert other.error and "!poll vote" in other.body
    stranger = User("mallory", "mallory")
    _, refused = await h.bot.handle_private_text(
        "!poll vote 1 1", stranger, "dm", "shell", participant
    )
    assert refused.error and "can't find ID 1" in refused.body
    _, wrong_platform = await h.bot.handle_private_text(
        "!poll vote 1 1", bob, "dm", "matrix", participant
    )
    assert wrong_platform.error
    assert h.rows("SELECT choices FROM ballots") == [("2",)]


async def test_member_who_left_no_longer_counts(harness: Harness) -> None:
    """Someone who leaves is forgotten: turnout and reminders no longer include them."""
    h = harness
    await h.join("bob", "carol")
    await h.ok("olivia", '!poll create "Lunch?" Soup Salad --closes "in 3 days"')
    left: list[str] = []

    class Farewell(Cog):
        @listener(MemberLeft)
        async def bye(self, event: MemberLeft) -> None:
            left.append(event.user_id)

    h.bot.add_cog(Farewell(h.bot.services))
    await h.bot.member_left(GROUP_ID, "carol")
    assert left == ["carol"]
    results = await h.ok("olivia", "!poll results 1")
    assert any(f.value.startswith("0 of 2 members") for f in results.fields)
    await h.wait(timedelta(days=2, hours=1))
    assert h.dms("carol") == [] and len(h.dms("bob")) == 1


async def test_the_names_kept_in_memory_follow_renames_joins_and_forgetting(
    harness: Harness,
) -> None:
    """Features read names from memory: a new name, a newcomer and a forgotten person show."""
    h = harness
    await h.join("alice", "bob")
    members = h.bot.members
    assert (await members.names(GROUP_ID))["alice"] == "alice"
    await h.bot.member_seen(GROUP_ID, User("alice", "Alice Smith"))
    await h.join("carol")
    names = await members.names(GROUP_ID)
    assert names["alice"] == "Alice Smith" and "carol" in names
    await h.ok("bob", "!me forget confirm")
    assert "bob" not in await members.names(GROUP_ID)
    names["dave"] = "not a member"  # a copy: changing it changes nothing kept
    assert "dave" not in await members.names(GROUP_ID)
