"""A private room made just before a crash: used after the restart, or withdrawn if spare.

Making a room and recording it cannot be one step: Synapse makes the room, then the bot
writes it down. Killed in between, the bot used to make another room for the same person
(two invites from the bot) and to treat the first one, once the person joined it, as a
group. Each room the bot makes is marked with the person it is for, so it knows it again.
"""

from __future__ import annotations

import asyncio
from typing import Any

from mautrix.client import ClientAPI
from mautrix.types import RoomCreatePreset, RoomID, UserID

from tests.matrix.helpers import WAIT, Participant, body, group_room, unique
from tests.matrix.synapse import RegisteredUser, SynapseServer

MARK = "org.coproduction.dm_for"  # what the bot writes into the rooms it makes (written out)


async def made_while_down(
    synapse: SynapseServer, bot: RegisteredUser, user_id: str, *, invite: bool = True
) -> str:
    """A private room the bot made and died before recording: made here with its token.

    Without `invite`, the homeserver went down between making the room and inviting.
    """
    api = ClientAPI(UserID(bot.user_id), base_url=synapse.base_url, token=bot.access_token)
    try:
        content: Any = {MARK: user_id}
        room = await api.create_room(
            preset=RoomCreatePreset.PRIVATE,
            is_direct=True,
            invitees=[UserID(user_id)] if invite else [],
            creation_content=content,
        )
        return str(room)
    finally:
        await api.api.session.close()


async def stopped_before_bob_needed_a_room(
    people: Any, bots: Any, synapse: SynapseServer
) -> tuple[RegisteredUser, Participant, str]:
    """The bot's account, bob and a group room, the bot stopped before bob needed a room.

    No poll is posted, so no private room is made for bob ahead of need.
    """
    account = await synapse.aregister_user(unique("coprod_spare"))
    first = await bots(account, db_name="spare.sqlite3")
    alice = await people("alice")
    bob = await people("bob", accept_dms_from=(account.user_id,))
    room = await group_room(alice, account.user_id, [bob])
    await first.bot.settle()
    await first.stop()
    return account, bob, room


def rooms_the_bot_wrote_in(events: list[dict[str, Any]], bot_id: str) -> set[str]:
    return {str(e["room_id"]) for e in events if e.get("sender") == bot_id and body(e)}


async def test_a_room_made_just_before_a_crash_becomes_the_persons_private_room(
    people, bots, synapse
) -> None:
    """bob's room was made, never recorded: after the restart his private answer goes there."""
    account, bob, room = await stopped_before_bob_needed_a_room(people, bots, synapse)
    orphan = await made_while_down(synapse, account, bob.user_id)

    await bots(account, db_name="spare.sqlite3")
    await bob.say(room, "!help")  # answered privately
    confirmation = await bob.wait_for_message(account.user_id, "Commands for a participant")
    assert confirmation["room_id"] == orphan
    assert rooms_the_bot_wrote_in(bob.events, account.user_id) == {orphan}
    joined = {str(r) for r in await bob.api.get_joined_rooms()}
    assert joined == {room, orphan}  # no second invite from the bot, nothing else


async def test_a_room_made_without_its_invite_gets_it(people, bots, synapse) -> None:
    """The homeserver died before inviting bob: adopted after the restart, he is invited."""
    account, bob, room = await stopped_before_bob_needed_a_room(people, bots, synapse)
    orphan = await made_while_down(synapse, account, bob.user_id, invite=False)

    await bots(account, db_name="spare.sqlite3")
    await bob.say(room, "!help")  # answered privately
    confirmation = await bob.wait_for_message(account.user_id, "Commands for a participant")
    assert confirmation["room_id"] == orphan  # he was invited, joined, and it is there


async def test_a_spare_room_is_withdrawn_and_never_becomes_a_group(people, bots, synapse) -> None:
    """bob already has his private room: the spare one's invite is taken back, the bot leaves."""
    account = await synapse.aregister_user(unique("coprod_spare"))
    first = await bots(account, db_name="spare.sqlite3")
    alice = await people("alice")
    bob = await people("bob")
    room = await group_room(alice, account.user_id, [bob])
    await alice.say(room, "!poll create Lunch? Soup Salad")
    await alice.wait_for_message(account.user_id, "Poll 1: Lunch?", room)
    await bob.say(room, "!poll vote 1 2")
    # bob ignores invites for now: his private room is made and recorded, he is invited.
    await first.bot.settle()
    await first.stop()
    spare = await made_while_down(synapse, account, bob.user_id)

    second = await bots(account, db_name="spare.sqlite3")
    await second.bot.settle()

    async def withdrawn() -> dict[str, str]:
        """Each member's membership, as the bot's own account last saw the room."""
        api = ClientAPI(
            UserID(account.user_id), base_url=synapse.base_url, token=account.access_token
        )
        try:
            while True:
                events = await api.get_members(RoomID(spare))
                said = {str(e.state_key): str(e.content.serialize()["membership"]) for e in events}
                if said.get(account.user_id) == "leave":
                    return said
                await asyncio.sleep(0.2)
        finally:
            await api.api.session.close()

    said = await asyncio.wait_for(withdrawn(), WAIT)
    assert said == {account.user_id: "leave", bob.user_id: "leave"}  # invite taken back
    groups = await second.bot.db.reader.execute_fetchall("SELECT id FROM groups")
    assert [g[0] for g in groups] == [f"matrix:{room}"]
