"""The mentoring feature's group settings and job kinds."""

from __future__ import annotations

from bot.core.i18n import N_
from bot.core.people import read_clock
from bot.core.settings import Setting, choice, counted, switch, whole
from cogs.mentoring._parsing import DAYS, read_every

MENTORING_EVERY: Setting[str] = Setting(
    "mentoring_every",
    "off",
    N_("how often pairing rounds run by themselves: off, 1 week, 2 weeks or 4 weeks"),
    read_every,
)
MENTORING_DAY = choice(
    "mentoring_day", DAYS, "monday", N_("the weekday scheduled pairing rounds run on")
)


def _clock(raw: str) -> str:
    return read_clock(raw).strftime("%H:%M")


MENTORING_TIME: Setting[str] = Setting(
    "mentoring_time", "10:00", N_("the time of day (group's zone) scheduled rounds run at"), _clock
)
REPEAT_ROUNDS = whole(
    "mentoring_repeat_rounds",
    3,
    N_(
        "rounds in which the same two people are not paired again if anyone else fits"
        " (after a skipped proposal: not at all)"
    ),
    0,
    52,
)
CHECKIN_DAYS = counted(
    "mentoring_checkin_days",
    7,
    N_('days after a pairing starts to ask both privately "did you two meet?"'),
    "days",
    1,
    60,
)
TRIOS = switch(
    "mentoring_trios",
    False,
    N_("an odd person out joins a pair as a trio instead of waiting for the next round"),
)
SETTINGS = (MENTORING_EVERY, MENTORING_DAY, MENTORING_TIME, REPEAT_ROUNDS, CHECKIN_DAYS, TRIOS)

ANSWER_DAYS = 3  # no answer to a proposed pairing within this many days means skipped
ASK_AGAIN_DAYS = 4  # "not yet" is asked again once, this many days later


# Job kinds, with their delivery rules:
#   ROUND    - a scheduled round: its pairings, the next round and "done" in one
#              transaction: exactly once. The asks it needs are ASK rows in that transaction.
#   ASK      - the Accept / Skip message to each of a proposed pairing's people; marked done
#              after the nudges: at least once (the nudge's dedupe key names the pairing).
#   LAPSE    - the answer deadline: an unanswered pairing is skipped in one transaction with
#              "done" (exactly once); the "did not start" notes go after: at most once.
#   INTRO    - the intro to each person once all accepted: at least once (deduped).
#   CHECKIN  - "did you two meet?" to each person: at least once (deduped).
#   ASK_AGAIN - the one repeat of the check-in to someone who said "not yet": at least once.
ROUND = "mentoring_round"
ASK = "mentoring_ask"
LAPSE = "mentoring_lapse"
INTRO = "mentoring_intro"
CHECKIN = "mentoring_checkin"
ASK_AGAIN = "mentoring_ask_again"
