"""What a closed poll does to the idea it was opened on. Pure."""

from __future__ import annotations

from bot.core.i18n import _, join
from cogs.polls import PollClosed


def poll_verdict(outcome: PollClosed) -> tuple[str | None, str, str | None]:
    """What a closed poll does to its idea: (status to move to, reason, line for the thread).

    A passed consent decision adopts it; a block sends it back to discussion with the block
    reasons in its thread; another kind of poll records its winner as the outcome.
    """
    n = outcome.poll_id
    if outcome.kind == "consent":
        if outcome.consent == "passed":
            return "adopted", _("the consent decision passed (poll {n})", n=n), None
        if outcome.consent == "blocked":
            reasons = "; ".join(outcome.block_reasons) or _("no reason given")
            thread = _("Poll {n} was blocked: {reasons}", n=n, reasons=reasons)
            return "discussing", _("blocked in poll {n}", n=n), thread
        return None, "", _("Poll {n} closed with no ballots; nothing was decided.", n=n)
    if outcome.winners:
        chose = join(outcome.winners)
        return (
            None,
            _("poll {n} chose {chose}", n=n, chose=chose),
            _("Poll {n} chose: {chose}", n=n, chose=chose),
        )
    return None, "", _("Poll {n} closed with no votes.", n=n)
