"""Meetings: RSVPs, series, reminders, calendar files, attendance and a contribution log."""

from cogs.meetings._cog import Meetings

__all__ = ["Meetings"]
