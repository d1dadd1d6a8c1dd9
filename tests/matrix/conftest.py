"""Pytest fixture that runs one real Synapse homeserver for the whole test session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Protocol

import pytest

from bot.core.clock import ManualClock, OffsetClock
from tests.matrix.e2ee_client import SecretParticipant
from tests.matrix.helpers import Participant, RunningBot, start_bot, unique
from tests.matrix.synapse import RegisteredUser, SynapseError, SynapseServer, ensure_installed


class MakePerson(Protocol):
    """The `people` fixture: register someone and start their client."""

    def __call__(
        self, name: str, *, accept_dms_from: tuple[str, ...] = ()
    ) -> Awaitable[Participant]: ...


class MakeSecretPerson(Protocol):
    """The `secret_people` fixture: register someone with an encrypting client."""

    def __call__(
        self, name: str, *, accept_dms_from: tuple[str, ...] = ()
    ) -> Awaitable[SecretParticipant]: ...


class MakeBot(Protocol):
    """The `bots` fixture: start a bot on the test homeserver."""

    def __call__(
        self,
        account: RegisteredUser | None = None,
        *,
        allowlist: tuple[str, ...] = (),
        clock: ManualClock | OffsetClock | None = None,
        db_name: str = "bot.sqlite3",
        homeserver: str | None = None,
        sync_limits: dict[str, int] | None = None,
        encrypt_private_rooms: bool = False,
        recovery_key: str = "",
    ) -> Awaitable[RunningBot]: ...


def pytest_configure(config: pytest.Config) -> None:
    """mautrix reads the sender_key of Megolm events, deprecated (but still sent) since 1.3."""
    config.addinivalue_line(
        "filterwarnings",
        "ignore:The sender_key field in Megolm events was deprecated:DeprecationWarning",
    )


@pytest.fixture(scope="session")
def synapse() -> Iterator[SynapseServer]:
    """A running Synapse on 127.0.0.1; fails (never skips) if it cannot be installed or started."""
    server: SynapseServer | None = None
    error = ""
    try:
        server = SynapseServer(ensure_installed())
        server.start()
    except (SynapseError, OSError) as exc:
        error = f"{type(exc).__name__}: {exc}"
    if server is None or error:
        pytest.fail(f"could not provide a Synapse homeserver for the tests: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def people(synapse: SynapseServer) -> AsyncIterator[MakePerson]:
    """Registers people with real, syncing clients; closes them after the test."""
    made: list[Participant] = []

    async def make(name: str, *, accept_dms_from: tuple[str, ...] = ()) -> Participant:
        person = Participant(synapse, await synapse.aregister_user(unique(name)))
        person.accept_invites_from.update(accept_dms_from)
        await person.start()
        made.append(person)
        return person

    yield make
    for person in made:
        await person.close()


@pytest.fixture
async def secret_people(synapse: SynapseServer, tmp_path: Path) -> AsyncIterator[MakeSecretPerson]:
    """Registers people whose clients encrypt (matrix-nio); closes them after the test."""
    made: list[SecretParticipant] = []

    async def make(name: str, *, accept_dms_from: tuple[str, ...] = ()) -> SecretParticipant:
        user = await synapse.aregister_user(unique(name))
        person = SecretParticipant(synapse, user, tmp_path / "nio" / user.user_id)
        person.accept_invites_from.update(accept_dms_from)
        await person.start()
        made.append(person)
        return person

    yield make
    for person in made:
        await person.close()


@pytest.fixture
async def bots(synapse: SynapseServer, tmp_path: Path) -> AsyncIterator[MakeBot]:
    """Starts the bot in-process (ManualClock, tmp SQLite file); stops it after the test."""
    running: list[RunningBot] = []

    async def make(
        account: RegisteredUser | None = None,
        *,
        allowlist: tuple[str, ...] = (),
        clock: ManualClock | OffsetClock | None = None,
        db_name: str = "bot.sqlite3",
        homeserver: str | None = None,
        sync_limits: dict[str, int] | None = None,
        encrypt_private_rooms: bool = False,
        recovery_key: str = "",
    ) -> RunningBot:
        account = account or await synapse.aregister_user(unique("coprod"))
        bot = await start_bot(
            synapse,
            account,
            tmp_path / db_name,
            allowlist=allowlist,
            clock=clock,
            homeserver=homeserver,
            sync_limits=sync_limits,
            encrypt_private_rooms=encrypt_private_rooms,
            recovery_key=recovery_key,
        )
        running.append(bot)
        return bot

    yield make
    for bot in running:
        await bot.stop()
