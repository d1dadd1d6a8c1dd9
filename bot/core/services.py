"""What a cog may use: the database, the clock, scheduling, members, posting and settings.

A cog gets this instead of the whole Bot, so the core can change how it runs commands,
platforms and timers without any feature noticing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.clock import Clock
from bot.core.commands import CommandSpec
from bot.core.events import Events
from bot.core.features import Features
from bot.core.members import Members
from bot.core.outbox import Outbox
from bot.core.people import People
from bot.core.posting import Posting
from bot.core.scheduler import Scheduler
from bot.core.settings import SettingsRegistry
from storage.db import Database


@dataclass(frozen=True)
class Services:
    """The narrow view of the bot that every cog is built with."""

    db: Database
    clock: Clock
    scheduler: Scheduler
    members: Members
    people: People
    posting: Posting
    # Private nudges and once-only posts go through the per-recipient outbox.
    nudges: Outbox
    # Features emit their own typed events (PollClosed) and listen with @listener(Type).
    events: Events
    settings: SettingsRegistry
    # Read-only: what people can type (for help and for cogs that name other commands).
    commands: Mapping[str, CommandSpec]
    # Export, forget and the digest gather every feature's part (bot/core/features.py);
    # `features.forget` is the one way to erase someone (`!me forget`, a member who left).
    features: Features
