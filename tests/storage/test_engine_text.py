"""Text either engine may be handed: a NUL character typed (or pasted) into a command."""

from __future__ import annotations

from tests.harness import Harness


async def test_a_nul_character_in_typed_text_does_not_fail_the_command(harness: Harness) -> None:
    """PostgreSQL's text cannot hold NUL (SQLite's can): the idea is stored all the same."""
    await harness.ok("alice", '!idea add "Tea\x00 in the evenings"')
    listed = await harness.ok("alice", "!idea list")
    assert "in the evenings" in listed.body
