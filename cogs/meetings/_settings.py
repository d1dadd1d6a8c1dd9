"""The meetings feature's group settings and job kinds."""

from __future__ import annotations

from decimal import Decimal

from bot.core.i18n import N_
from bot.core.settings import Setting, switch, text
from cogs.meetings._parsing import lead_label, read_leads, read_rate

REMINDERS: Setting[str] = Setting(
    "meeting_reminders",
    "24h,1h",
    N_("when to remind, privately, those going or maybe, before each meeting (none: never)"),
    lambda raw: ",".join(lead_label(x) for x in read_leads("" if raw == "none" else raw)),
    lambda value: value or "none",
)
RATE: Setting[Decimal | None] = Setting(
    "contrib_rate",
    None,
    N_(
        "what an hour of a participant's time is paid or credited, e.g. 15 or 12.50 "
        "(none: no amounts)"
    ),
    read_rate,
    lambda value: "none" if value is None else str(value),
)
CURRENCY = text(
    "contrib_currency", None, N_("the currency of contrib_rate, e.g. GBP"), max_length=20
)
SHOW_NAMES = switch(
    "meeting_names", True, N_("show who answered a meeting or plan by name (off: counts only)")
)
SETTINGS = (REMINDERS, SHOW_NAMES, RATE, CURRENCY)

# Job kinds, with their delivery rules:
#   REMIND - one row per occurrence and lead time, ref "meeting:ID:OCCURRENCE:LEAD"; marked
#            done before the nudge goes out: at most once, and the nudge's dedupe key is the
#            ref too. A move or cancel cancels the rows; the job checks the occurrence still
#            stands, so a row a move missed says nothing.
REMIND = "meeting_remind"
#   ENDED - ref "meeting:ID:OCCURRENCE", at the occurrence's end: asks "Who came?" and arms
#            the series' next occurrence, in one transaction with "done": exactly once (the
#            question is posted after the commit: at most once).
ENDED = "meeting_ended"
#   PLAN_CLOSE - ref is the plan id; picking is one transaction that marks the plan decided,
#            so a repeat finds it decided and does nothing; announced after: at least once.
PLAN_CLOSE = "meeting_plan_close"
