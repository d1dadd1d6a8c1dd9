"""The bot's Matrix account: log in, sync, send, join and leave, DM rooms, with back-off."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

import aiohttp
from mautrix.api import MediaPath, Method, Path
from mautrix.client import ClientAPI
from mautrix.errors import (
    MatrixConnectionError,
    MatrixError,
    MatrixInvalidToken,
    MatrixRequestError,
    MForbidden,
    MLimitExceeded,
    MNotFound,
)
from mautrix.types import JSON, DeviceID, EventType, RoomCreatePreset, RoomID, UserID

from bot.core.errors import ConfigError
from bot.platforms.matrix.render import silenced
from bot.platforms.matrix.rooms import DM_MARK

log = logging.getLogger(__name__)

Content = dict[str, Any]
# Turns (room, event type, content) into what is sent there: encrypted in an encrypted room.
Sealer = Callable[[str, str, Content], Awaitable[tuple[str, Content]]]
MEGOLM = "m.megolm.v1.aes-sha2"

SEND_RETRIES = 2  # network errors: mautrix waits 4 s, then 8 s


class Backoff:
    """Waits that double after each failure, up to a cap, and start over after a success."""

    def __init__(self, first: float = 1.0, cap: float = 60.0) -> None:
        self.first = first
        self.cap = cap
        self.current = first
        self.failures = 0

    def next(self) -> float:
        """The wait before the next attempt."""
        wait = self.current
        self.current = min(self.current * 2, self.cap)
        self.failures += 1
        return wait

    def reset(self) -> None:
        """A request went through."""
        self.current = self.first
        self.failures = 0


def is_transient(error: BaseException) -> bool:
    """Worth retrying: the server is unreachable, overloaded or asks us to slow down."""
    if isinstance(
        error, MatrixConnectionError | aiohttp.ClientError | TimeoutError | MLimitExceeded
    ):
        return True
    return isinstance(error, MatrixRequestError) and error.http_status >= 500


def describe(error: BaseException) -> str:
    """One short line for a failed request, never a traceback."""
    if isinstance(error, MatrixRequestError):
        code = getattr(error, "errcode", None) or f"HTTP {error.http_status}"
        message = getattr(error, "message", None) or ""
        return f"{code} {message}".strip()
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0][:200]


def bad_token(homeserver: str, user_id: str, error: MatrixError) -> ConfigError:
    """The clear error for credentials the homeserver refuses."""
    return ConfigError(
        f"matrix: {homeserver} refused the credentials for {user_id or 'the bot'} "
        f"({describe(error)}). Make a new access token (or check the password) and put it "
        "in the environment variable named by matrix.access_token_env (or matrix.password_env)."
    )


class MatrixClient:
    """A thin, typed layer over mautrix's ClientAPI for exactly what the bot needs."""

    def __init__(self, homeserver: str, user_id: str = "", token: str = "") -> None:
        self.homeserver = homeserver
        self.user_id = user_id
        # Long polls wait up to 30 s; a read that stalls twice as long means a dead connection.
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=75)
        session = aiohttp.ClientSession(timeout=timeout)
        self.api = ClientAPI(
            UserID(user_id) if user_id else UserID(""),
            base_url=homeserver,
            token=token,
            client_session=session,
            default_retry_count=0,
        )
        self._upload_limit: int | None = None
        self.device_id = ""
        self.seal: Sealer | None = None  # set when the bot's device can encrypt

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.api.api.session.close()

    async def connect(
        self,
        password: str = "",
        device_name: str = "coproduction-bot",
        backoff: Backoff | None = None,
        stop: asyncio.Event | None = None,
        device_id: str = "",
    ) -> bool:
        """Check the token (or log in), retrying while the server is unreachable.

        A password login reuses `device_id` (the device whose encryption keys the bot keeps)
        when given. Returns False if `stop` was set while waiting. Refused credentials raise
        ConfigError.
        """
        backoff = backoff or Backoff()
        stop = stop or asyncio.Event()
        while not stop.is_set():
            try:
                if password:
                    await self.api.login(
                        identifier=UserID(self.user_id),
                        password=password,
                        device_name=device_name,
                        device_id=DeviceID(device_id) if device_id else None,
                    )
                    password = ""  # the token is stored now; later attempts only check it
                whoami = await self.api.whoami()
            except (MatrixInvalidToken, MForbidden) as e:
                raise bad_token(self.homeserver, self.user_id, e) from None
            except Exception as e:
                if not is_transient(e):
                    raise
                wait = backoff.next()
                log.warning(
                    "Matrix: cannot reach %s (%s); trying again in %g s",
                    self.homeserver,
                    describe(e),
                    wait,
                )
                await wait_or_stop(stop, wait)
                continue
            if self.user_id and whoami.user_id != self.user_id:
                raise ConfigError(
                    f"matrix: the access token belongs to {whoami.user_id}, but matrix.user_id "
                    f"is {self.user_id}. Use a token made for {self.user_id}, or fix the config."
                )
            self.user_id = str(whoami.user_id)
            self.api.mxid = whoami.user_id
            self.device_id = str(whoami.device_id or "")
            self.api.device_id = DeviceID(self.device_id)
            backoff.reset()
            return True
        return False

    # -- sync ---------------------------------------------------------------------------

    async def create_filter(self, definition: Content) -> str:
        """Upload a sync filter; its id."""
        resp = await self.api.api.request(
            Method.POST, Path.v3.user[self.user_id].filter, definition
        )
        return str(resp["filter_id"])

    async def sync(self, since: str | None, timeout_ms: int, filter_id: str) -> Content:
        """One /sync long poll, unparsed."""
        request: dict[str, str] = {"timeout": str(timeout_ms), "filter": filter_id}
        if since:
            request["since"] = since
        resp: Content = await self.api.api.request(
            Method.GET, Path.v3.sync, query_params=request, retry_count=0
        )
        return resp

    async def messages(
        self, room_id: str, start: str, stop: str, limit: int, event_filter: Content
    ) -> Content:
        """One page of a room's events going back from `start` towards `stop`, newest first.

        `stop` may be a /sync next_batch token; `event_filter` is a RoomEventFilter, sent as
        JSON in the query string. The answer is unparsed: `chunk`, and `end` unless the
        range is exhausted (an empty `chunk` with an `end` means "keep going").
        """
        query = {
            "dir": "b",
            "from": start,
            "to": stop,
            "limit": str(limit),
            "filter": json.dumps(event_filter, separators=(",", ":")),
        }
        resp: Content = await self.api.api.request(
            Method.GET, Path.v3.rooms[room_id].messages, query_params=query, retry_count=0
        )
        return resp

    # -- rooms --------------------------------------------------------------------------

    async def send(
        self, room_id: str, event_type: str, content: Content, txn_id: str | None = None
    ) -> str:
        """Send a message event of any type; its event id.

        `txn_id` makes the send idempotent: the homeserver answers a repeat of the same
        transaction id from this device with the event it made the first time.
        """
        content = silenced(event_type, content)  # every bot message pings nobody by default
        if self.seal is not None:
            # Encrypted once: a repeat of the PUT sends the same ciphertext, and a re-send
            # after a crash (new ciphertext, same transaction id) gets the first event back.
            event_type, content = await self.seal(room_id, event_type, content)
        txn = txn_id or self.api.api.get_txn_id()
        path = Path.v3.rooms[room_id].send[event_type][txn]
        # A PUT with the same transaction id is safe to repeat: mautrix retries a network
        # blip, and a rate limit is waited out here (a busy room, or a server without a
        # rate-limit exemption for the bot).
        attempt = 0
        while True:
            try:
                resp = await self.api.api.request(
                    Method.PUT, path, content, retry_count=SEND_RETRIES
                )
                return str(resp["event_id"])
            except MLimitExceeded:
                if attempt >= SEND_RETRIES:
                    raise
                await asyncio.sleep(2**attempt)
                attempt += 1

    async def upload(self, data: bytes, mime: str, name: str) -> str:
        """Put a file in the homeserver's media repository; its mxc:// URI."""
        return str(await self.api.upload_media(data, mime_type=mime, filename=name))

    async def upload_limit(self) -> int | None:
        """The largest upload the homeserver takes, if it says (asked once, then kept)."""
        if self._upload_limit is None:
            try:
                config = await self.api.api.request(Method.GET, Path.v1.media.config)
            except MatrixError:  # an older server: the unauthenticated media API
                config = await self.api.api.request(Method.GET, MediaPath.v3.config)
            size = config.get("m.upload.size")
            self._upload_limit = size if isinstance(size, int) and size > 0 else 0
        return self._upload_limit or None

    async def room_state(self, room_id: str) -> list[Content]:
        """A room's full current state, unparsed."""
        resp = await self.api.api.request(Method.GET, Path.v3.rooms[room_id].state)
        return list(resp) if isinstance(resp, list) else []

    async def join(self, room_id: str) -> None:
        """Join a room the bot was invited to."""
        await self.api.join_room_by_id(RoomID(room_id))

    async def leave(self, room_id: str, reason: str | None = None) -> None:
        """Leave a room, or reject an invite to it."""
        await self.api.leave_room(RoomID(room_id), reason=reason)

    async def joined_rooms(self) -> set[str]:
        """Every room the bot is in."""
        return {str(r) for r in await self.api.get_joined_rooms()}

    # -- direct messages ----------------------------------------------------------------

    async def direct_rooms(self) -> dict[str, list[str]]:
        """The bot's m.direct account data: user id -> DM room ids."""
        try:
            data = await self.api.get_account_data(EventType.DIRECT)
        except MNotFound:
            return {}
        return {
            str(user): [str(r) for r in rooms]
            for user, rooms in (data or {}).items()
            if isinstance(rooms, list)
        }

    async def create_dm_room(self, user_id: str, *, encrypted: bool = False) -> str:
        """A new direct-message room with one person, encrypted if asked (see `add_direct`)."""
        state: list[dict[str, Any]] = []
        if encrypted:
            state.append(
                {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}}
            )
        room_id = await self.api.create_room(
            preset=RoomCreatePreset.PRIVATE,
            is_direct=True,
            invitees=[UserID(user_id)],
            initial_state=cast(list[Any], state),
            creation_content=cast(dict[str, JSON], {DM_MARK: user_id}),
        )
        return str(room_id)

    async def make_sure_invited(self, room_id: str, user_id: str) -> None:
        """Invite the person unless they are in the room or invited already.

        A room made while the homeserver went down may exist without its invite.
        """
        try:
            content = await self.api.get_state_event(
                RoomID(room_id), EventType.ROOM_MEMBER, state_key=user_id
            )
            membership = content.serialize().get("membership")
        except MNotFound:
            membership = None
        if membership not in ("invite", "join"):
            await self.api.invite_user(RoomID(room_id), UserID(user_id))

    async def discard_room(self, room_id: str, user_id: str) -> None:
        """Withdraw a spare private room: take back the person's invite, then leave."""
        with contextlib.suppress(MatrixError):
            await self.api.kick_user(RoomID(room_id), UserID(user_id), reason="A spare room")
        await self.leave(room_id, reason="A spare room")

    async def add_direct(self, user_id: str, room_id: str) -> None:
        """Record a DM room in the account's m.direct data (one change at a time, please)."""
        direct = await self.direct_rooms()
        rooms = direct.setdefault(user_id, [])
        if room_id in rooms:
            return
        rooms.append(room_id)
        content: dict[str, Any] = {user: list(ids) for user, ids in direct.items()}
        await self.api.set_account_data(EventType.DIRECT, content)


async def wait_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Sleep for a back-off period, waking early if asked to stop."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
