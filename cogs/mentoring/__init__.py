"""Mentoring: opt-in pairing rounds across the provider / user line, asked first, with a way out.

Nothing here is for other features to use beyond the cog itself; the digest reads its
totals through the cog's `digest` hook.
"""

from cogs.mentoring._cog import Mentoring

__all__ = ["Mentoring"]
