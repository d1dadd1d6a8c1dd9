"""Ideas: proposals with their own thread, support, a visible lifecycle, decision and review."""

from cogs.ideas._cog import Ideas

__all__ = ["Ideas"]
