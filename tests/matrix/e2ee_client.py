"""A person with an end-to-end encrypting client (matrix-nio with vodozemac), for encrypted rooms.

Independent of the bot's own encryption: nio is another library (its crypto is vodozemac,
not libolm), so a message the bot encrypted wrongly is not read back by the same mistake.
It keeps the `Participant` interface (events, wait_for, say, answer_poll) so encrypted tests
read like the plain ones; what it saw records whether each event came encrypted.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    DownloadError,
    MegolmEvent,
    RoomCreateError,
    RoomSendError,
    SyncError,
)
from nio.crypto.attachments import decrypt_attachment
from vodozemac import GroupSession

from tests.matrix.helpers import Event, Participant
from tests.matrix.synapse import RegisteredUser, SynapseServer

MEGOLM = "m.megolm.v1.aes-sha2"
WAS_ENCRYPTED = "e2ee.was_encrypted"  # added to each event seen: did it come encrypted?
UNREADABLE = "e2ee.unreadable"  # an encrypted event this client could not decrypt
SESSION = "e2ee.session_id"  # the Megolm session (room key) it was encrypted with


class SecretParticipant(Participant):
    """A participant whose messages are encrypted and who decrypts what arrives."""

    def __init__(self, server: SynapseServer, user: RegisteredUser, store: Path) -> None:
        super().__init__(server, user)
        store.mkdir(parents=True, exist_ok=True)
        config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=False)
        self.nio = AsyncClient(
            server.base_url, user.user_id, user.device_id, str(store), config=config
        )
        self.nio.restore_login(user.user_id, user.device_id, user.access_token)

    async def start(self) -> None:
        """Upload the device's keys, sync once, then keep syncing in a task."""
        await self._keys()
        first = await self.nio.sync(timeout=0, full_state=True)
        assert not isinstance(first, SyncError), first
        self._task = asyncio.create_task(self._sync_forever())

    async def close(self) -> None:
        """Stop syncing; close both HTTP sessions."""
        await super().close()
        await self.nio.close()

    async def _keys(self) -> None:
        if self.nio.should_upload_keys:
            await self.nio.keys_upload()
        if self.nio.should_query_keys:
            await self.nio.keys_query()
        if self.nio.should_claim_keys:
            await self.nio.keys_claim(self.nio.get_users_for_key_claiming())

    async def _sync_forever(self) -> None:
        while True:
            resp = await self.nio.sync(timeout=30_000)
            if isinstance(resp, SyncError):
                await asyncio.sleep(0.1)
                continue
            await self._keys()
            for room_id, invite in resp.rooms.invite.items():
                inviters = {
                    getattr(e, "sender", None)
                    for e in invite.invite_state
                    if getattr(e, "state_key", None) == self.user_id
                }
                if inviters & self.accept_invites_from:
                    await self.nio.join(room_id)
            new: list[Event] = []
            for room_id, joined in resp.rooms.join.items():
                for event in joined.timeline.events:
                    new.append(self._seen(room_id, event))
            for event in new:
                self.arrived.setdefault(str(event.get("event_id")), time.monotonic())
            if new:
                async with self._changed:
                    self.events.extend(new)
                    self._changed.notify_all()

    @staticmethod
    def _seen(room_id: str, event: Any) -> Event:
        """An event as this client has it: decrypted if it could be, and how it came."""
        if isinstance(event, MegolmEvent):
            return {**event.source, "room_id": room_id, WAS_ENCRYPTED: True, UNREADABLE: True}
        encrypted = bool(getattr(event, "decrypted", False))
        session = getattr(event, "session_id", None) if encrypted else None
        return {**event.source, "room_id": room_id, WAS_ENCRYPTED: encrypted, SESSION: session}

    async def create_room(self, name: str, invite: list[str], *, encrypted: bool = True) -> str:
        """A private room with people invited, end-to-end encrypted unless asked otherwise."""
        state = []
        if encrypted:
            state.append(
                {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}}
            )
        resp = await self.nio.room_create(name=name, invite=invite, initial_state=state)
        assert not isinstance(resp, RoomCreateError), resp
        return str(resp.room_id)

    async def join(self, room_id: str) -> None:
        """Accept an invite."""
        await self.nio.join(room_id)

    async def send(self, room_id: str, event_type: str, content: Event) -> str:
        """Send an event, encrypted if the room is (to every device of its members)."""
        await self._keys()
        resp = await self.nio.room_send(
            room_id, event_type, content, ignore_unverified_devices=True
        )
        assert not isinstance(resp, RoomSendError), resp
        return str(resp.event_id)

    async def send_withheld(self, room_id: str, text: str) -> str:
        """Type a message encrypted with a room key given to nobody: no one can read it."""
        session = GroupSession()
        clear = {"type": "m.room.message", "content": {"msgtype": "m.text", "body": text}}
        sealed = session.encrypt(json.dumps({**clear, "room_id": room_id}).encode())
        content = {
            "algorithm": MEGOLM,
            "sender_key": self.nio.olm.account.identity_keys["curve25519"],
            "device_id": self.nio.device_id,
            "session_id": session.session_id,
            "ciphertext": sealed.to_base64(),
        }
        return await super().send(room_id, "m.room.encrypted", content)  # as it is: no nio

    async def download(self, content: Event) -> bytes:
        """A file message's bytes: fetched from the media repository, decrypted if it was."""
        file = content.get("file")
        url = file["url"] if isinstance(file, dict) else content["url"]
        resp = await self.nio.download(mxc=url)
        assert not isinstance(resp, DownloadError), resp
        data = bytes(resp.body)
        if isinstance(file, dict):
            return bytes(
                decrypt_attachment(data, file["key"]["k"], file["hashes"]["sha256"], file["iv"])
            )
        return data

    def has_room_key(self, room_id: str, session_id: str) -> bool:
        """Whether this client was given a room key (Megolm session), whoever sent it."""
        return any(
            s.room_id == room_id and s.id == session_id for s in self.nio.olm.inbound_group_store
        )


def was_encrypted(event: Event) -> bool:
    """Whether the event arrived encrypted (and was decrypted by the test client)."""
    return bool(event.get(WAS_ENCRYPTED)) and not event.get(UNREADABLE)
