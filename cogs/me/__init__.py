"""People: what the bot knows about you, your zone, quiet hours, nudges, constituency, your data."""

from cogs.me._cog import Me

__all__ = ["Me"]
