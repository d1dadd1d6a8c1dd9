"""Running a round: who is in it, what the past says, and storing the proposals it makes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.members import Group
from bot.core.scheduler import Scheduler
from bot.core.services import Services
from cogs.mentoring._keys import PairingRef
from cogs.mentoring._matching import Candidate, History, Plan, match
from cogs.mentoring._parsing import WEEKS
from cogs.mentoring._settings import ANSWER_DAYS, ASK, LAPSE, REPEAT_ROUNDS, TRIOS
from storage.engine import Tx
from storage.mentoring import MentoringRepository, OptIn
from storage.mentoring_pairings import Pairing, PairingRepository

# A round a little early (a day, or the time of day moved) still counts as due for someone.
SLACK = timedelta(days=1)


@dataclass(frozen=True)
class RoundInput:
    """Who a round would pair now, and the history it weighs."""

    people: list[Candidate]
    history: History


async def gather(services: Services, group: Group, now: datetime) -> RoundInput:
    """Everyone opted in and not paused or waiting on a proposal, and the pair history."""
    reader = services.db.reader
    repo, pairings = MentoringRepository(reader), PairingRepository(reader)
    people = []
    opted_in = await repo.opted_in(group.id)
    for m in opted_in:
        if m.paused_until and m.paused_until > now:
            continue
        mine = await pairings.of_person(group.id, m.user_id)
        if any(p.state == "proposed" for p in mine):
            continue  # still answering an earlier round's proposal
        free_from = ready_from(m, mine)
        if free_from and free_from > now:
            continue  # paused, or asked to pair less often than rounds run
        profile = await services.people.profile(group.id, m.user_id)
        people.append(
            Candidate(
                m.user_id,
                m.role,
                frozenset(m.topics),
                m.every,
                profile.constituency,
                m.carried,
            )
        )
    rounds = group.settings[REPEAT_ROUNDS]
    joined = {m.user_id: m.joined_at for m in opted_in}
    history = History(
        avoid=await repo.avoid_pairs(group.id),
        recent=await pairings.recent_pairs(group.id, rounds),
        ended_early=frozenset(
            pair
            for pair, ended_at in (await pairings.ended_early_pairs(group.id)).items()
            if not all(u in joined and joined[u] > ended_at for u in pair)
        ),  # both opting in afresh since it ended is a new start for them
        skipped=await pairings.skipped_pairs(group.id, rounds),
    )
    return RoundInput(people, history)


def ready_from(m: OptIn, mine: Sequence[Pairing]) -> datetime | None:
    """When someone can next be in a round (None: whenever one runs); `mine` newest first.

    A pause, a proposal still waiting for answers (until its deadline), and the pace they
    asked for each hold them back; what someone is told about the next round comes from here.
    """
    times = [m.paused_until] if m.paused_until else []
    times += [p.proposed_at + timedelta(ANSWER_DAYS) for p in mine if p.state == "proposed"]
    last = next((p.proposed_at for p in mine if p.state != "skipped"), None)
    if m.every and last:
        times.append(last + WEEKS[m.every] * timedelta(weeks=1) - SLACK)
    return max(times, default=None)


def plan_round(group: Group, found: RoundInput) -> Plan:
    """The pairs a round makes from what `gather` found."""
    return match(found.people, found.history, trios=group.settings[TRIOS])


async def propose(
    tx: Tx,
    scheduler: Scheduler,
    group_id: str,
    plan: Plan,
    now: datetime,
    ran_by: str | None = None,
) -> int:
    """Store a round's proposals, with their asks (now) and answer deadlines; its id."""
    pairings, repo = PairingRepository(tx), MentoringRepository(tx)
    round_id = await pairings.new_round(tx, group_id, now, ran_by)
    for pair in plan.pairs:
        pairing_id = await pairings.propose(tx, group_id, round_id, pair.people, pair.score, now)
        ref = PairingRef(pairing_id).encode()
        await scheduler.add(tx, group_id, ASK, ref, now)
        await scheduler.add(tx, group_id, LAPSE, ref, now + timedelta(ANSWER_DAYS))
    matched = {u for pair in plan.pairs for u in pair.people}
    await repo.set_carried(tx, group_id, set(plan.left_out), matched)
    return round_id
