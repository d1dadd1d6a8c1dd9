"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.harness import Harness


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    """A bot on a fresh SQLite file, with olivia as organiser."""
    h = await Harness(tmp_path / "group.sqlite3").start()
    yield h
    await h.close()
