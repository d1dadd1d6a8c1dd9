"""End-to-end encryption for the bot's device: mautrix's OlmMachine fed by the bot's own sync.

The crypto state (the Olm account, Olm and Megolm sessions, the devices of the people the bot
shares rooms with) lives in `<database>.crypto`, a SQLite file beside the group state file,
through mautrix's own store (PgCryptoStore over mautrix.util.async_db, which speaks SQLite
through aiosqlite). Beside it and not inside it, for three reasons: mautrix's store opens its
own connections and transactions, which would contend for the group file's single writer (a
command's transaction holds it across awaits); the device's secrets stay out of every copy
of the group file, like an anonymous poll's keys (storage/keys.py); and mautrix upgrades its
own tables with its own version table, untouched by the bot's numbered migrations.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, cast

from mautrix.client import Client
from mautrix.crypto import InboundGroupSession, OlmMachine, PgCryptoStore
from mautrix.crypto.store import StateStore
from mautrix.errors import DecryptionError, EncryptionError, SessionNotFound
from mautrix.types import (
    JSON,
    DeviceID,
    DeviceLists,
    DeviceOTKCount,
    EncryptedEvent,
    EventType,
    IdentityKey,
    RoomEncryptionStateEventContent,
    RoomID,
    SessionID,
    ToDeviceEvent,
    UserID,
)
from mautrix.util.async_db import Database as CryptoDatabase

from bot.core.errors import ConfigError
from bot.platforms.matrix.backup import KeyBackup
from bot.platforms.matrix.client import MatrixClient
from bot.platforms.matrix.rooms import RoomDirectory

log = logging.getLogger(__name__)

Event = dict[str, Any]

ENCRYPTED = "m.room.encrypted"
# The Olm pickles are encrypted with this; the file's own permissions (0600) are what guard it.
PICKLE_KEY = "coproduction-bot"


def crypto_path(database: str | Path) -> Path:
    """The crypto store of a group state file: the same path with `.crypto` added."""
    return Path(f"{database}.crypto")


class RoomStates(StateStore):
    """What OlmMachine asks about rooms, answered from the bot's own RoomDirectory."""

    def __init__(self, rooms: RoomDirectory) -> None:
        self.rooms = rooms

    async def is_encrypted(self, room_id: RoomID) -> bool:
        """Whether the room has turned encryption on."""
        return (await self.rooms.get(str(room_id))).encrypted

    async def get_encryption_info(self, room_id: RoomID) -> RoomEncryptionStateEventContent | None:
        """The room's m.room.encryption content (its rotation periods), if any."""
        info = await self.rooms.get(str(room_id))
        if not info.encryption:
            return None
        return RoomEncryptionStateEventContent.deserialize(cast(JSON, info.encryption))

    async def find_shared_rooms(self, user_id: UserID) -> list[RoomID]:
        """The encrypted rooms the bot shares with someone (their new device rotates keys)."""
        return [RoomID(r.room_id) for r in self.rooms.loaded() if r.encrypted and r.has(user_id)]


class CryptoStore(PgCryptoStore):
    """mautrix's store, telling the key backup about each room key it keeps."""

    backup: KeyBackup | None = None

    async def put_group_session(
        self,
        room_id: RoomID,
        sender_key: IdentityKey,
        session_id: SessionID,
        session: InboundGroupSession,
    ) -> None:
        """Keep a room key, and queue it for the backup."""
        await super().put_group_session(room_id, sender_key, session_id, session)
        if self.backup is not None:
            self.backup.received(str(room_id), str(session_id), session)


class Encryption:
    """The bot's device: decrypts what arrives and encrypts what it sends to encrypted rooms."""

    def __init__(self, client: MatrixClient, rooms: RoomDirectory, path: Path) -> None:
        self.client = client
        self.rooms = rooms
        self.path = path
        self.db = CryptoDatabase.create(
            f"sqlite:{path.resolve()}", upgrade_table=PgCryptoStore.upgrade_table
        )
        self.store = CryptoStore(client.user_id, PICKLE_KEY, self.db)
        # OlmMachine wants a full mautrix Client; this one shares the bot's HTTP session and
        # is never started: the bot's own sync loop feeds the machine (see `take_in`).
        self.api = Client(UserID(client.user_id), api=client.api.api)
        self.machine = OlmMachine(self.api, self.store, RoomStates(rooms))
        self._sharing: dict[str, asyncio.Lock] = {}
        self.opened = False
        self.fresh = False  # the store was made on this start: nothing received before
        self.backup: KeyBackup | None = None

    async def open(self) -> DeviceID | None:
        """Open the store (made on first use) and say which device it belongs to, if any."""
        self.fresh = not self.path.exists()
        await self.db.start()
        if self.fresh:
            self.path.chmod(0o600)
        self.opened = True
        return (await self.store.get_device_id()) or None

    async def start(self, device_id: str, recovery_key: str = "") -> None:
        """Load (or make) the device's account and upload its keys if the server lacks them.

        The store belongs to one device: a token for another device starts a new account
        (the room keys received so far are kept, so old messages stay readable). With a
        recovery key the device is cross-signed, room keys are backed up, and a fresh store
        takes the backed-up keys (see backup.py).
        """
        stored = await self.store.get_device_id()
        if stored and stored != device_id:
            log.warning(
                "Matrix: the access token is for device %s, but the encryption keys in %s "
                "belong to device %s; starting new keys for %s",
                device_id,
                self.path,
                stored,
                device_id,
            )
            await self.store.delete()
        self.api.device_id = DeviceID(device_id)
        if not stored and await self._server_has_keys_for(device_id):
            raise ConfigError(
                f"matrix: device {device_id} already has encryption keys on the homeserver, "
                f"but {self.path} is new, so the bot no longer has them. Make a new access "
                "token (a new device) for the bot, or put the old .crypto file back."
            )
        await self.store.put_device_id(DeviceID(device_id))
        await self.machine.load()
        account = self.machine.account
        assert account is not None  # load() made it if the store had none
        await self.store.put_account(account)  # records the device id
        if not account.shared:
            await self.machine.share_keys()
        if recovery_key:
            self.backup = KeyBackup(self.machine, recovery_key)
            self.store.backup = self.backup
            await self.backup.set_up()
            await self.backup.restore(await self._stored_sessions())

    async def _stored_sessions(self) -> list[tuple[str, str]]:
        """(room, session) of every room key the store holds (withheld ones hold none)."""
        rows = await self.db.fetch(
            "SELECT room_id, session_id FROM crypto_megolm_inbound_session"
            " WHERE account_id = $1 AND session IS NOT NULL",
            self.store.account_id,
        )
        return [(str(r["room_id"]), str(r["session_id"])) for r in rows]

    async def _server_has_keys_for(self, device_id: str) -> bool:
        found = await self.api.query_keys([UserID(self.client.user_id)])
        return device_id in (found.device_keys.get(UserID(self.client.user_id)) or {})

    async def close(self) -> None:
        """Close the store."""
        if self.opened:
            self.opened = False
            await self.db.stop()

    @property
    def device_id(self) -> str:
        """The bot's device."""
        return str(self.api.device_id)

    @property
    def identity_key(self) -> str:
        """The device's curve25519 key, as its to-device messages name it."""
        assert self.machine.account is not None
        return str(self.machine.account.identity_key)

    # -- the sync ----------------------------------------------------------------------

    async def take_in(self, batch: dict[str, Any]) -> None:
        """A sync batch's device part: to-device events (room keys), key counts, device lists.

        Run before the batch's rooms, so a room key that came with a message is there when
        the message is decrypted.
        """
        for raw in (batch.get("to_device") or {}).get("events") or []:
            try:
                event = ToDeviceEvent.deserialize(raw)
                if event.type == EventType.TO_DEVICE_ENCRYPTED:
                    await self.machine.handle_to_device_event(event)
                elif event.type == EventType.ROOM_KEY_REQUEST:
                    await self.machine.handle_room_key_request(event)
            except Exception as e:  # one bad to-device event must not stop the sync
                log.warning(
                    "Matrix: a to-device %s from %s was not used (%s)",
                    raw.get("type"),
                    raw.get("sender"),
                    e,
                )
        lists = batch.get("device_lists") or {}
        changed, left = lists.get("changed") or [], lists.get("left") or []
        if changed or left:
            await self.machine.handle_device_lists(DeviceLists(changed=changed, left=left))
        if self.backup is not None:
            try:
                await self.backup.upload()
            except Exception as e:  # kept, and sent with the next batch's
                log.warning("Matrix: room keys not backed up yet (%s)", e)
        counts = batch.get("device_one_time_keys_count") or {}
        await self.machine.handle_otk_count(
            DeviceOTKCount(
                signed_curve25519=int(counts.get("signed_curve25519", 0)),
                curve25519=int(counts.get("curve25519", 0)),
            )
        )

    # -- receiving ---------------------------------------------------------------------

    async def decrypt(self, room_id: str, event: Event) -> Event:
        """The event as it was before encryption (type and content), with its own id and sender.

        Raises SessionNotFound when the room key has not come (yet), DecryptionError when
        it cannot be read at all.
        """
        parsed = EncryptedEvent.deserialize(cast(JSON, {**event, "room_id": room_id}))
        clear = await self.machine.decrypt_megolm_event(parsed)
        content = clear.content.serialize() if hasattr(clear.content, "serialize") else {}
        if not isinstance(content, dict):
            raise DecryptionError("the decrypted content is not an object")
        return {
            **event,
            "type": str(clear.type.t if hasattr(clear.type, "t") else clear.type),
            "content": content,
            "room_id": room_id,
            "coproduction.encrypted": True,
        }

    async def wait_for_key(self, room_id: str, event: Event, seconds: float) -> bool:
        """Wait until the room key an encrypted event needs has come; False if it did not."""
        session_id = (event.get("content") or {}).get("session_id")
        if not isinstance(session_id, str):
            return False
        return await self.machine.wait_for_session(
            RoomID(room_id), SessionID(session_id), timeout=seconds
        )

    # -- sending -----------------------------------------------------------------------

    async def is_encrypted(self, room_id: str) -> bool:
        """Whether what is sent into the room must be encrypted."""
        return (await self.rooms.get(room_id)).encrypted

    async def encrypt(self, room_id: str, event_type: str, content: Event) -> tuple[str, Event]:
        """What to send into a room: as it is in a plain room, encrypted in an encrypted one.

        The room key is shared only with the devices of the room's members (joined or
        invited), and made afresh when someone leaves or a device is added (see `rotate`).
        """
        info = await self.rooms.get(room_id)
        if not info.encrypted:
            return event_type, content
        kind = EventType.find(event_type, EventType.Class.MESSAGE)
        async with self._sharing.setdefault(room_id, asyncio.Lock()):
            try:
                encrypted = await self.machine.encrypt_megolm_event(RoomID(room_id), kind, content)
            except EncryptionError:
                members = [UserID(u) for u in info.readers()]
                await self.machine.share_group_session(RoomID(room_id), members)
                encrypted = await self.machine.encrypt_megolm_event(RoomID(room_id), kind, content)
        return ENCRYPTED, encrypted.serialize()

    async def rotate(self, room_id: str) -> None:
        """Someone left (or was let in): the next message starts a new room key."""
        await self.store.remove_outbound_group_session(RoomID(room_id))


__all__ = ["Encryption", "SessionNotFound", "crypto_path"]
