"""What other features may use of polls: start one, and hear how it ended.

Ideas open a consent decision on an idea this way, and move the idea when it closes.
Nothing outside this package touches the polls tables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.events import Event
from bot.core.i18n import N_, _, join, ngettext
from bot.core.model import Reply
from bot.core.services import Services
from cogs.polls._keys import PollRef
from cogs.polls._parsing import poll_labels
from cogs.polls._render import options_of, poll_message
from cogs.polls._secrets import new_secret
from cogs.polls._settings import CLOSE, REMINDER, REMINDER_HOURS
from cogs.polls._tally import Results
from storage.polls import Poll, PollRepository


@dataclass(frozen=True)
class PollClosed(Event):
    """How a poll ended, for features that started it.

    Emitted at least once, after the results are posted: a listener acts once however
    often it hears it.
    """

    poll_id: int
    group_id: str
    kind: str
    question: str
    voters: int
    winners: tuple[str, ...]  # option labels; more than one is a tie; none if nobody voted
    consent: str | None  # consent polls: "passed", "blocked" or "no ballots"
    block_reasons: tuple[str, ...]


def outcome_of(poll: Poll, results: Results, reasons: Sequence[str]) -> PollClosed:
    """A closed poll's outcome as other features see it."""
    labels = options_of(poll)
    return PollClosed(
        poll_id=poll.id,
        group_id=poll.group_id,
        kind=poll.kind,
        question=poll.question,
        voters=results.voters,
        winners=tuple(labels[w - 1] for w in results.winners) if results.voters else (),
        consent=results.outcome,
        block_reasons=tuple(reasons),
    )


def outcome_line(outcome: PollClosed) -> str:
    """One line for the digest: what a closed poll decided, and how many voted."""
    if outcome.consent is not None:
        said = {
            "passed": N_("passed"),
            "blocked": N_("blocked"),
            "no ballots": N_("had no ballots"),
        }
        result = _(said[outcome.consent]) if outcome.consent in said else outcome.consent
        if outcome.block_reasons:
            result += " (" + "; ".join(outcome.block_reasons) + ")"
    elif outcome.winners:
        result = _("chose {winners}", winners=join(outcome.winners))
    else:
        result = _("had no votes")
    return ngettext(
        "Poll {id}, {question}: {result}, {n} voted",
        "Poll {id}, {question}: {result}, {n} voted",
        outcome.voters,
        id=outcome.poll_id,
        question=outcome.question,
        result=result,
    )


async def start_poll(
    services: Services,
    *,
    group_id: str,
    channel_id: str,
    author_id: str,
    question: str,
    options: Sequence[str] = (),
    kind: str = "single",
    closes_at: datetime | None = None,
    anonymous: bool = False,
    hide_results: bool = False,
) -> tuple[int, Reply]:
    """Create a poll (checked as `!poll create` checks it); its number and living message.

    The caller posts the message where it belongs (`services.posting`), e.g. in a thread.
    Raises UserError for a question or options that `!poll create` would refuse.
    """
    question, labels = poll_labels(question, options, kind)
    now = services.clock.now()
    group = await services.members.group(group_id)
    polls = PollRepository(services.db.reader)
    async with services.db.transaction() as tx:
        poll_id = await polls.create(
            tx,
            group_id=group_id,
            channel_id=channel_id,
            author_id=author_id,
            question=question,
            kind=kind,
            options=labels,
            anonymous=anonymous,
            hide_results=hide_results,
            created_at=now,
            closes_at=closes_at,
        )
        if anonymous:
            new_secret(services, poll_id)
        if closes_at:
            ref = PollRef(poll_id).encode()
            await services.scheduler.add(tx, group_id, CLOSE, ref, closes_at)
            lead = timedelta(hours=group.settings[REMINDER_HOURS])
            remind_at = closes_at - lead
            if lead and remind_at > now:
                await services.scheduler.add(tx, group_id, REMINDER, ref, remind_at, closes_at)
    poll = await polls.get(poll_id)
    assert poll is not None
    message = poll_message(poll, 0, await services.members.count(group_id))
    return poll_id, dataclasses.replace(message)
