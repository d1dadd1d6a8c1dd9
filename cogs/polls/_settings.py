"""The polls feature's group settings and job kinds."""

from __future__ import annotations

from bot.core.i18n import N_
from bot.core.settings import choice, counted, switch

POLL_CREATORS = choice(
    "poll_creators",
    ("facilitators", "everyone"),
    "facilitators",
    N_("who may create polls: facilitators (and organisers) or everyone"),
)
REMINDER_HOURS = counted(
    "reminder_hours",
    24,
    N_("hours before a poll closes to nudge, privately, members who have not voted (0: never)"),
    "hours",
    0,
    24 * 30,
)
POLL_THREADS = switch("poll_threads", False, N_("open a discussion thread on each new poll"))
SETTINGS = (POLL_CREATORS, REMINDER_HOURS, POLL_THREADS)

# Job kinds, with their delivery rules:
#   CLOSE    - effect and "done" in one transaction: exactly once.
#   REMINDER - marked done before the DMs go out: at most once (never twice).
#   ANNOUNCE - marked done after posting: at least once (a crash mid-post repeats it).
#   ERASE    - while the write-ahead log could not yet be emptied of an erased secret; it
#              raises until it can, so the scheduler retries it with back-off (_secrets.py).
CLOSE = "poll_close"
REMINDER = "poll_reminder"
ANNOUNCE = "poll_announce"
ERASE = "poll_secret_erase"
