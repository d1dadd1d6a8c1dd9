"""What polls contribute to the weekly digest: polls decided, polls closing soon, who took part."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.core.digest_slots import DigestSlot
from bot.core.i18n import _
from bot.core.parts import Activity, DigestSection
from bot.core.timeparse import stamp
from cogs.polls._api import outcome_line, outcome_of
from cogs.polls._render import turnout
from cogs.polls._tally import Results
from storage.polls import Poll, PollRepository
from storage.polls_digest import PollDigestRepository

# A poll's tally, the reasons for blocking and the concerns raised (the cog's own reading).
Tallied = Callable[[Poll], Awaitable[tuple[Results, list[str], list[str]]]]


async def sections(
    polls: PollRepository,
    tallied: Tallied,
    members: int,
    group_id: str,
    since: datetime,
    until: datetime,
) -> list[DigestSection]:
    """Polls decided in the period with their outcome; those closing in the next week."""
    in_digest = PollDigestRepository(polls.conn)
    decided, coming = [], []
    for poll_id in await in_digest.closed_between(group_id, since, until):
        poll = await polls.get(poll_id)
        if poll is not None:
            results, reasons, _concerns = await tallied(poll)
            decided.append(outcome_line(outcome_of(poll, results, reasons)))
    for poll_id in await in_digest.closing_before(group_id, until + timedelta(days=7)):
        poll = await polls.get(poll_id)
        if poll is not None and poll.closes_at is not None:
            voters = await polls.voter_count(poll.id)
            coming.append(
                _(
                    "Poll {poll_id}, {question}: closes {stamp}, {turnout}",
                    poll_id=poll.id,
                    question=poll.question,
                    stamp=stamp(poll.closes_at),
                    turnout=turnout(voters, members),
                )
            )
    return [
        DigestSection(heading, tuple(lines), order=order)
        for heading, lines, order in (
            (_("Polls decided"), decided, DigestSlot.DECIDED),
            (_("Polls closing in the coming week"), coming, DigestSlot.CLOSING),
        )
        if lines
    ]


async def activity(
    in_digest: PollDigestRepository, group_id: str, since: datetime, until: datetime
) -> list[Activity]:
    """Voting in a named poll and creating a poll (facilitating) count as taking part.

    An anonymous vote keeps no time, so it is never counted.
    """
    votes = await in_digest.votes_between(group_id, since, until)
    created = await in_digest.created_between(group_id, since, until)
    return [Activity(user_id, at, "voted") for user_id, at in votes] + [
        Activity(user_id, at, "created a poll") for user_id, at in created
    ]
