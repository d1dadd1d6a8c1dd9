"""Pytest fixture that runs one real Synapse homeserver for the whole test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.matrix.synapse import SynapseError, SynapseServer, ensure_installed


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
