"""Device trust and key backup from the operator's recovery key.

The recovery key (Matrix's base58 form, as Element shows it) unlocks the account's secret
storage (SSSS). The first start with it sets everything up: it becomes the account's
secret-storage key, cross-signing keys are made and kept there, and a server-side key
backup (m.megolm_backup.v1.curve25519-aes-sha2) is made whose private key is kept there too.
Every start then signs the bot's own device with the self-signing key (so people who trust
the bot's account see the device as verified), and every room key the device receives is
uploaded to the backup, encrypted to the backup's public key. Each start also makes the
backup and the crypto file agree: a device that starts without its old crypto file (a new
machine, a lost file) restores the room keys from the backup and reads what was sent before
it existed, and a key the backup lacks (received just before a crash) is sent then.

mautrix 0.21 has cross-signing and secret storage but no key backup: the backup part is
written here, on python-olm's PkEncryption / PkDecryption, as the Matrix spec describes it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from typing import Any

import olm
import unpaddedbase64
from mautrix.api import Method, Path
from mautrix.crypto import InboundGroupSession, OlmMachine
from mautrix.crypto.cross_signing_key import CrossSigningSeeds
from mautrix.crypto.signature import sign_olm
from mautrix.crypto.ssss import Algorithm, Key, KeyMetadata
from mautrix.crypto.ssss.util import (
    calculate_hash,
    decode_base58_recovery_key,
    encode_base58_recovery_key,
)
from mautrix.errors import MNotFound
from mautrix.types import IdentityKey, RoomID, SessionID, SigningKey
from olm.pk import ffi, lib  # the C binding PkDecryption itself uses

from bot.core.errors import ConfigError

log = logging.getLogger(__name__)

Content = dict[str, Any]

BACKUP_ALGORITHM = "m.megolm_backup.v1.curve25519-aes-sha2"
MEGOLM = "m.megolm.v1.aes-sha2"
BACKUP_SECRET = "m.megolm_backup.v1"


def new_recovery_key() -> str:
    """A fresh recovery key, in the form Element shows (groups of four characters)."""
    return encode_base58_recovery_key(os.urandom(32))


class BackupKey(olm.PkDecryption):
    """The backup's private key, made from its 32 stored bytes (python-olm only makes new ones)."""

    def __new__(cls, private: bytes) -> BackupKey:
        return super().__new__(cls)  # type: ignore[return-value]  # olm says PkDecryption

    def __init__(self, private: bytes) -> None:
        key_length = lib.olm_pk_key_length()
        key_buffer = ffi.new("char[]", key_length)
        ret = lib.olm_pk_key_from_private(
            self._pk_decryption, key_buffer, key_length, ffi.new("char[]", private), len(private)
        )
        self._check_error(ret)
        self.public_key = ffi.unpack(key_buffer, key_length).decode()


def _storage_key(raw: bytes) -> Key:
    """A new secret-storage key description for the recovery key's 32 bytes."""
    iv = unpaddedbase64.encode_base64(os.urandom(16))
    metadata = KeyMetadata(algorithm=Algorithm.AES_HMAC_SHA2, iv=iv, mac=calculate_hash(raw, iv))
    return Key(id=unpaddedbase64.encode_base64(os.urandom(24)), key=raw, metadata=metadata)


class KeyBackup:
    """Cross-signing of the bot's device and the server-side backup of its room keys."""

    def __init__(self, machine: OlmMachine, recovery_key: str) -> None:
        self.machine = machine
        self.recovery_key = recovery_key
        self.version = ""
        self.key: BackupKey | None = None
        self.pending: dict[tuple[str, str], InboundGroupSession] = {}
        self.restoring = False  # keys taken from the backup are not sent back to it

    @property
    def api(self) -> Any:
        """The HTTP layer the machine's client uses."""
        return self.machine.client.api

    async def set_up(self) -> None:
        """Unlock (or, the first time, make) secret storage, cross-signing and the backup."""
        raw = decode_base58_recovery_key(self.recovery_key)
        if raw is None:
            raise ConfigError(
                "matrix: the recovery key (matrix.recovery_key_env) is not a recovery key; it "
                "looks like 'EsTc 1234 ...' (48 letters and digits in groups of four)."
            )
        ssss = self.machine.ssss
        key_id = await ssss.get_default_key_id()
        if key_id is None:
            await self._first_time(_storage_key(raw))
        else:
            try:
                key = (await ssss.get_key_data(key_id)).verify_raw_key(key_id, raw)
            except ValueError:
                raise ConfigError(
                    "matrix: the recovery key does not open this account's secret storage. "
                    "Give the recovery key this account was set up with."
                ) from None
            seeds = await self.machine._fetch_cross_signing_keys_from_ssss(key)
            self.machine._import_cross_signing_keys(seeds)
            private = await ssss.get_decrypted_account_data(BACKUP_SECRET, key)
            self.key = BackupKey(unpaddedbase64.decode_base64(private.decode()))
            self.version = await self._current_version()
        await self.machine.sign_own_device(self.machine.own_identity)
        log.info("Matrix: device %s is cross-signed", self.machine.client.device_id)

    async def _first_time(self, key: Key) -> None:
        ssss = self.machine.ssss
        await ssss.set_key_data(key.id, key.metadata)
        seeds = CrossSigningSeeds.generate()
        await self.machine._upload_cross_signing_keys_to_ssss(key, seeds)
        await self.machine._publish_cross_signing_keys(seeds.to_keys())
        await ssss.set_default_key_id(key.id)
        private = os.urandom(32)
        encoded = unpaddedbase64.encode_base64(private)
        await ssss.set_encrypted_account_data(BACKUP_SECRET, encoded.encode(), key)
        self.key = BackupKey(private)
        auth: Content = {"public_key": self.key.public_key}
        me = str(self.machine.client.mxid)
        account = self.machine.account
        assert account is not None
        master = self.machine._cross_signing_private_keys
        assert master is not None
        auth["signatures"] = {
            me: {
                f"ed25519:{self.machine.client.device_id}": sign_olm(dict(auth), account),
                f"ed25519:{master.master_key.public_key}": sign_olm(dict(auth), master.master_key),
            }
        }
        resp = await self.api.request(
            Method.POST,
            Path.v3.room_keys.version,
            {"algorithm": BACKUP_ALGORITHM, "auth_data": auth},
        )
        self.version = str(resp["version"])
        log.info("Matrix: set up cross-signing and key backup version %s", self.version)

    async def _current_version(self) -> str:
        """The backup on the server, checked to be the one this recovery key opens."""
        assert self.key is not None
        try:
            info = await self.api.request(Method.GET, Path.v3.room_keys.version)
        except MNotFound:
            info = {}
        if (info.get("auth_data") or {}).get("public_key") != self.key.public_key:
            raise ConfigError(
                "matrix: the account's key backup is not the one its recovery key opens "
                "(someone made a new backup in another client). Restore the old backup there, "
                "or reset secure backup for the bot's account and start the bot again."
            )
        return str(info["version"])

    # -- backing up --------------------------------------------------------------------

    def received(self, room_id: str, session_id: str, session: InboundGroupSession) -> None:
        """A room key came (or the bot made one): back it up after the batch."""
        if not self.restoring:
            self.pending[(room_id, session_id)] = session

    async def upload(self) -> None:
        """Send the room keys that came since the last upload to the backup."""
        if not self.pending or self.key is None:
            return
        sending, self.pending = self.pending, {}
        rooms: Content = {}
        for (room_id, session_id), session in sending.items():
            rooms.setdefault(room_id, {"sessions": {}})["sessions"][session_id] = self._sealed(
                session
            )
        try:
            await self.api.request(
                Method.PUT,
                Path.v3.room_keys["keys"],
                {"rooms": rooms},
                query_params={"version": self.version},
            )
        except Exception:
            self.pending = {**sending, **self.pending}  # tried again after the next batch
            raise

    def _sealed(self, session: InboundGroupSession) -> Content:
        assert self.key is not None
        index = session.first_known_index
        clear = {
            "algorithm": MEGOLM,
            "sender_key": session.sender_key,
            "session_key": session.export_session(index),
            "sender_claimed_keys": {"ed25519": session.signing_key},
            "forwarding_curve25519_key_chain": list(session.forwarding_chain),
        }
        message = olm.PkEncryption(self.key.public_key).encrypt(json.dumps(clear))
        return {
            "first_message_index": index,
            "forwarded_count": len(session.forwarding_chain),
            "is_verified": False,
            "session_data": {
                "ephemeral": message.ephemeral_key,
                "mac": message.mac,
                "ciphertext": message.ciphertext,
            },
        }

    # -- restoring ---------------------------------------------------------------------

    async def restore(self, stored: Iterable[tuple[str, str]] = ()) -> int:
        """Make the backup and the store agree, at each start; how many keys were taken.

        Every room key in the backup that the store lacks is taken (a new device reads what
        came before it), and every stored key the backup lacks is sent: one that came just
        before the bot stopped, or crashed, between receiving it and backing it up.
        """
        if self.key is None:
            return 0
        resp = await self.api.request(
            Method.GET, Path.v3.room_keys["keys"], query_params={"version": self.version}
        )
        backed = {
            (room_id, session_id)
            for room_id, room in (resp.get("rooms") or {}).items()
            for session_id in room.get("sessions") or {}
        }
        store = self.machine.crypto_store
        for room_id, session_id in stored:
            if (room_id, session_id) not in backed:
                session = await store.get_group_session(RoomID(room_id), SessionID(session_id))
                if session is not None:
                    self.pending[(room_id, session_id)] = session
        taken = 0
        self.restoring = True
        try:
            taken = await self._take(resp)
        finally:
            self.restoring = False
        if taken:
            log.info("Matrix: restored %d room keys from the key backup", taken)
        if self.pending:
            log.info("Matrix: backing up %d room keys the backup lacked", len(self.pending))
            try:
                await self.upload()
            except Exception as e:  # kept, and sent with the first batch's
                log.warning("Matrix: room keys not backed up yet (%s)", e)
        return taken

    async def _take(self, resp: Content) -> int:
        store = self.machine.crypto_store
        taken = 0
        for room_id, room in (resp.get("rooms") or {}).items():
            for session_id, backed in (room.get("sessions") or {}).items():
                if await store.has_group_session(RoomID(room_id), SessionID(session_id)):
                    continue
                try:
                    session = self._opened(room_id, backed)
                except (olm.PkDecryptionError, ValueError, KeyError) as e:
                    log.warning("Matrix: a backed-up room key could not be opened (%s)", e)
                    continue
                await store.put_group_session(
                    RoomID(room_id), session.sender_key, SessionID(session_id), session
                )
                taken += 1
        return taken

    def _opened(self, room_id: str, backed: Content) -> InboundGroupSession:
        assert self.key is not None
        data = backed["session_data"]
        message = olm.pk.PkMessage(data["ephemeral"], data["mac"], data["ciphertext"])
        clear = json.loads(self.key.decrypt(message))
        if clear.get("algorithm") != MEGOLM:
            raise ValueError(f"not a Megolm key ({clear.get('algorithm')})")
        return InboundGroupSession.import_session(
            clear["session_key"],
            signing_key=SigningKey(clear["sender_claimed_keys"]["ed25519"]),
            sender_key=IdentityKey(clear["sender_key"]),
            room_id=RoomID(room_id),
            forwarding_chain=list(clear.get("forwarding_curve25519_key_chain") or []),
        )


__all__ = ["KeyBackup", "new_recovery_key"]
