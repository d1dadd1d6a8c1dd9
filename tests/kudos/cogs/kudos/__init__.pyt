"""Kudos: thank someone in front of the group; the digest counts the thanks."""

from cogs.kudos._cog import Kudos

__all__ = ["Kudos"]
