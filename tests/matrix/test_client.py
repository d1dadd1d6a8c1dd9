"""Connecting: refused tokens stop with one clear line; outages are retried with back-off."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from bot.core.errors import ConfigError
from bot.platforms.matrix.client import Backoff, MatrixClient
from tests.matrix.helpers import group_room, wait_until
from tests.matrix.proxy import Proxy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_refused_token_is_one_clear_config_error(synapse):
    """A bad access token raises ConfigError naming M_UNKNOWN_TOKEN and the env variable."""
    account = await synapse.aregister_user("coprod_badtoken")
    client = MatrixClient(synapse.base_url, account.user_id, "not-a-token")
    try:
        with pytest.raises(ConfigError) as caught:
            await client.connect()
    finally:
        await client.close()
    message = str(caught.value)
    assert "M_UNKNOWN_TOKEN" in message and "access_token_env" in message
    assert "\n" not in message


async def test_token_for_another_account_is_refused(synapse):
    """A token that works but belongs to someone else is a config error, not a silent switch."""
    other = await synapse.aregister_user("coprod_other")
    client = MatrixClient(synapse.base_url, "@coprod_main:localhost", other.access_token)
    try:
        with pytest.raises(ConfigError, match="belongs to"):
            await client.connect()
    finally:
        await client.close()


async def test_password_login(synapse):
    """With a password instead of a token, the bot logs in and learns its token."""
    account = await synapse.aregister_user("coprod_pw", password="correct horse")
    client = MatrixClient(synapse.base_url, account.user_id)
    try:
        assert await client.connect(password="correct horse")
        assert client.api.api.token and client.user_id == account.user_id
    finally:
        await client.close()


async def test_unreachable_homeserver_is_retried_with_one_line_each(caplog):
    """Nothing listening: a one-line warning per attempt, growing waits, no traceback."""
    client = MatrixClient(f"http://127.0.0.1:{_free_port()}", "@coprod:localhost", "token")
    backoff = Backoff(0.01, 0.04)
    stop = asyncio.Event()
    caplog.set_level(logging.WARNING)
    try:
        attempt = asyncio.create_task(client.connect(backoff=backoff, stop=stop))
        await wait_until(lambda: backoff.failures >= 3)
        stop.set()
        assert await attempt is False
    finally:
        await client.close()
    lines = [r for r in caplog.records if "cannot reach" in r.getMessage()]
    assert len(lines) >= 3
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in lines)
    assert backoff.current == 0.04


async def test_outage_mid_run_is_retried_and_nothing_is_lost(people, bots, synapse, caplog):
    """The homeserver goes away and comes back: the bot backs off, then answers what it missed."""
    proxy = Proxy(synapse.port)
    await proxy.start()
    caplog.set_level(logging.WARNING)
    try:
        bot = await bots(homeserver=proxy.url)
        alice = await people("alice")
        room = await group_room(alice, bot.user_id, [])
        await proxy.stop()
        await wait_until(lambda: bot.platform.backoff.failures >= 2)
        # Read the position only now: the batch with the bot's own join may still have been
        # in hand when group_room returned. While unreachable, nothing moves it.
        token = await bot.platform.repo.sync_token(bot.user_id)
        await alice.say(room, "!poll list")
        assert await bot.platform.repo.sync_token(bot.user_id) == token
        await proxy.start()

        await alice.wait_for_message(bot.user_id, "No polls are open", room)
    finally:
        await proxy.stop()
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("bot.platforms")]
    assert any("cannot reach" in w for w in warnings)
    assert any("reachable again" in w for w in warnings)
    assert not [r for r in caplog.records if r.exc_info]
