"""The group the ideas tests start from, and what was said in an idea's thread."""

from __future__ import annotations

from bot.core.model import Role
from tests.harness import Harness


async def ideas_group(harness: Harness) -> Harness:
    """alice, bob and carol are participants; fran is a facilitator who has used the bot."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "fran")
    await harness.ok("fran", "!me")
    return harness


def threads(h: Harness, idea: int) -> list[str]:
    """What was said in an idea's thread."""
    return [r.body for where, r in h.shell.said.threads if where.startswith(f"Idea {idea}:")]
