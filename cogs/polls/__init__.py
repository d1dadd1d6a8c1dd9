"""Polls: create, vote (single, multi, ranked, consent), results, reminders, closing."""

from cogs.polls._cog import Polls

__all__ = ["Polls"]
