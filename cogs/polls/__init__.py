"""Polls: create, vote (single, multi, ranked, consent), results, reminders, closing.

Other features use only what is exported here: `start_poll` and the `PollClosed` event.
"""

from cogs.polls._api import PollClosed, start_poll
from cogs.polls._cog import Polls

__all__ = ["PollClosed", "Polls", "start_poll"]
