"""Nudges: the one way a feature reaches people privately on its own initiative.

A cog never DMs people itself: it asks `services.nudges.nudge(...)`, and the person's
choices (nudges off, quiet hours) apply without the feature knowing. Delivery goes through
the per-recipient outbox (bot/core/outbox.py); this name stays for features written
against it. Answers to someone's own command are not nudges.
"""

from __future__ import annotations

from bot.core.outbox import Outbox as Nudges

__all__ = ["Nudges"]
