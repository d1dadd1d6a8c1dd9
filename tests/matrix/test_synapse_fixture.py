"""Tests that the real Synapse fixture works end to end."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from mautrix.client import Client
from mautrix.types import RoomID, UserID

from tests.matrix.synapse import SERVER_NAME, RegisteredUser, SynapseServer, registration_mac

REGISTER = "/_synapse/admin/v1/register"


def _client(server: SynapseServer, user: RegisteredUser) -> Client:
    return Client(mxid=UserID(user.user_id), base_url=server.base_url, token=user.access_token)


def _timeline_bodies(sync: dict[str, Any], room_id: RoomID) -> list[tuple[str, str]]:
    room = sync.get("rooms", {}).get("join", {}).get(room_id, {})
    events = room.get("timeline", {}).get("events", [])
    return [
        (e["sender"], e["content"].get("body", ""))
        for e in events
        if e.get("type") == "m.room.message"
    ]


@pytest.mark.asyncio
async def test_two_users_exchange_a_message(synapse: SynapseServer) -> None:
    """Alice creates a room, invites Bob, Bob joins, and Bob's /sync shows Alice's message."""
    alice = await synapse.aregister_user("alice")
    bob = await synapse.aregister_user("bob")
    assert alice.user_id == f"@alice:{SERVER_NAME}" and alice.access_token
    a, b = _client(synapse, alice), _client(synapse, bob)
    try:
        room_id = await a.create_room(name="fixture test")
        await a.invite_user(room_id, UserID(bob.user_id))
        assert await b.join_room(room_id) == room_id
        await a.send_text(room_id, "hello bob")

        seen: list[tuple[str, str]] = []
        since = None
        deadline = time.monotonic() + 15
        while ("hello bob" not in [body for _, body in seen]) and time.monotonic() < deadline:
            sync = await b.sync(since=since, timeout=2000)
            since = sync["next_batch"]
            seen += _timeline_bodies(sync, room_id)
        assert (alice.user_id, "hello bob") in seen
    finally:
        await asyncio.gather(a.api.session.close(), b.api.session.close())


def test_bad_shared_secret_mac_is_refused(synapse: SynapseServer) -> None:
    """A registration whose MAC was made with the wrong secret gets 403 and creates no user."""
    status, body = synapse.request_json("GET", REGISTER)
    assert status == 200
    nonce = body["nonce"]
    mac = registration_mac("not-the-secret", nonce, "mallory", "pw", admin=True)
    payload = {"nonce": nonce, "username": "mallory", "password": "pw", "admin": True, "mac": mac}
    status, body = synapse.request_json("POST", REGISTER, payload)
    assert status == 403, body
    assert "HMAC incorrect" in body.get("error", ""), body
    # The refused attempt left the name free: a correct registration of it succeeds.
    assert synapse.register_user("mallory").user_id == f"@mallory:{SERVER_NAME}"


def test_admin_user_can_use_admin_api(synapse: SynapseServer) -> None:
    """A user registered with admin=True is an admin; a plain user is refused the admin API."""
    root = synapse.register_user("root", admin=True)
    plain = synapse.register_user("plain")
    path = f"/_synapse/admin/v2/users/{plain.user_id}"
    status, body = synapse.request_json("GET", path, access_token=root.access_token)
    assert status == 200 and body["admin"] is False, body
    status, body = synapse.request_json("GET", path, access_token=plain.access_token)
    assert status == 403, body
    status, body = synapse.request_json(
        "GET", "/_matrix/client/v3/account/whoami", access_token=plain.access_token
    )
    assert status == 200 and body["device_id"] == plain.device_id, body
