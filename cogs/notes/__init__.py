"""Notes: post a short note with its own thread and a Pin button; reply in its thread."""

from cogs.notes._cog import Notes

__all__ = ["Notes"]
