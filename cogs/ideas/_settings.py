"""The ideas feature's settings, statuses and job kinds."""

from __future__ import annotations

from bot.core.i18n import N_
from bot.core.limits import LONG
from bot.core.settings import choice, counted

IDEA_SUPPORTS = choice(
    "idea_supports",
    ("named", "counted"),
    "named",
    N_("show who supports each idea (named) or only how many (counted)"),
)
IDEA_CREATORS = choice(
    "idea_creators", ("everyone", "facilitators"), "everyone", N_("who may propose ideas")
)
IDEA_STALE_DAYS = counted(
    "idea_stale_days",
    21,
    N_("days without a status change or a thread message before an idea is flagged as waiting"),
    "days",
    1,
    365,
)
SETTINGS = (IDEA_SUPPORTS, IDEA_CREATORS, IDEA_STALE_DAYS)


MAX_TEXT = LONG
# Where each status may go next (withdrawn only at the author's request, by !idea withdraw).
# A proposed idea may be answered at once, as Decidim allows: discussion is not a toll gate.
NEXT = {
    "proposed": ("discussing", "adopted", "declined", "parked"),
    "discussing": ("adopted", "declined", "parked"),
    "adopted": ("done",),
    "parked": ("discussing",),
    "declined": (),
    "done": (),
    "withdrawn": (),
}

# Job kind: an adopted idea's review date. Marked done in the same transaction as the
# nudge is queued in the outbox: exactly once.
REVIEW = "idea_review"
# Job kind: an idea with no status change and no thread message for idea_stale_days; its
# author is told it has not been forgotten. One pending row an idea, re-armed on every change,
# by the job itself (talk put it off, or another quiet period after telling) and when the
# setting changes. The nudge is owed in the outbox under the row's id before the row is
# finished: at least once, nobody twice.
STALE = "idea_stale"

# Job kind: redraw an idea's message once a person named on it is forgotten (due at once,
# after the forget commits). At least once: a repeated edit shows the same message.
REDRAW = "idea_redraw"
