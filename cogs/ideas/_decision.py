"""What a closed poll does to the idea it was opened on. Pure."""

from __future__ import annotations

from cogs.polls import PollOutcome


def poll_verdict(outcome: PollOutcome) -> tuple[str | None, str, str | None]:
    """What a closed poll does to its idea: (status to move to, reason, line for the thread).

    A passed consent decision adopts it; a block sends it back to discussion with the block
    reasons in its thread; another kind of poll records its winner as the outcome.
    """
    n = outcome.poll_id
    if outcome.kind == "consent":
        if outcome.consent == "passed":
            return "adopted", f"the consent decision passed (poll {n})", None
        if outcome.consent == "blocked":
            reasons = "; ".join(outcome.block_reasons) or "no reason given"
            return "discussing", f"blocked in poll {n}", f"Poll {n} was blocked: {reasons}"
        return None, "", f"Poll {n} closed with no ballots; nothing was decided."
    if outcome.winners:
        chose = " and ".join(outcome.winners)
        return None, f"poll {n} chose {chose}", f"Poll {n} chose: {chose}"
    return None, "", f"Poll {n} closed with no votes."
