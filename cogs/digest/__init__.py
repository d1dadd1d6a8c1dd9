"""The weekly digest for organisers: decided, open, mentoring, and who is being left out."""

from cogs.digest._cog import Digest

__all__ = ["Digest"]
