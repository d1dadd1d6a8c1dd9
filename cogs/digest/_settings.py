"""The digest's settings and job kind."""

from __future__ import annotations

from bot.core.errors import UserError
from bot.core.i18n import N_, _
from bot.core.people import read_clock
from bot.core.settings import Setting, choice, switch

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _time(raw: str) -> str:
    return read_clock(raw).strftime("%H:%M")


def _day(raw: str) -> str:
    found = [d for d in DAYS if d.startswith(raw.strip().lower()[:3])] if raw.strip() else []
    if len(found) != 1:
        raise UserError(_("{raw!r} is not a day of the week; write monday, tuesday, ...", raw=raw))
    return found[0]


DIGEST_DAY: Setting[str] = Setting(
    "digest_day", "monday", N_("the day the weekly digest goes to organisers"), _day
)
DIGEST_TIME: Setting[str] = Setting(
    "digest_time", "09:00", N_("the time of day (the group's zone) the digest goes out"), _time
)
DIGEST_TO = choice(
    "digest_to",
    ("organisers", "facilitators"),
    "organisers",
    N_("who gets the digest: organisers, or facilitators too"),
)
DIGEST_ON = switch("digest_on", True, N_("send the weekly digest (`!digest off` turns it off)"))
SETTINGS = (DIGEST_DAY, DIGEST_TIME, DIGEST_TO, DIGEST_ON)

# Job kind: one group's weekly digest. Sent through the outbox under a per-week key, and the
# week recorded as sent: never twice. More than a day late, it is skipped and the next says so.
WEEKLY = "digest_weekly"
LATE = 24  # hours
