"""What mentoring says: proposals, intros, check-ins, status and dry runs. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.core.model import Action, Field, Reply
from bot.core.timeparse import stamp
from cogs.mentoring._left_out import NO_FIT, NOBODY, ODD_ONE, TAKEN
from cogs.mentoring._matching import MENTEE, MENTOR, PEER, Plan
from cogs.mentoring._settings import ANSWER_DAYS
from storage.mentoring import OptIn
from storage.mentoring_pairings import Pairing

HOW_TO_END = (
    "If it is not working, `!mentor end` ends the pairing at once and privately: the other "
    'person is told only that it ended. `!mentor concern "..."` reaches the organisers alone.'
)
CHECKIN_ANSWERS = {"met": "met", "not-yet": "not yet", "no": "no"}


def counted(n: int, one: str, many: str | None = None) -> str:
    """'no pairings', '1 pairing', '2 pairings' (or the plural given: 'people')."""
    many = many or one + "s"
    return f"{n} {one if n == 1 else many}" if n else f"no {many}"


def _names(user_ids: Sequence[str], names: Mapping[str, str]) -> str:
    shown = [names.get(u, u) for u in user_ids]
    return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)


def _topics(m: OptIn | None) -> str:
    return ", ".join(m.topics) if m and m.topics else "no topics given"


def proposal(pairing_id: int, others: Sequence[OptIn], names: Mapping[str, str]) -> Reply:
    """The private Accept / Skip question to each person proposed."""
    lines = [f"- **{names.get(o.user_id, o.user_id)}** ({o.role}): {_topics(o)}" for o in others]
    return Reply(
        "This round proposes you meet:\n" + "\n".join(lines) + "\n\nThe pairing starts when "
        f"everyone accepts; no answer in {ANSWER_DAYS} days counts as skipping this round. "
        "Nobody is told who skipped.",
        title="A mentoring pairing for you",
        actions=(
            Action("Accept", "mentor accept", (str(pairing_id),), style="success"),
            Action("Skip this round", "mentor skip", (str(pairing_id),), style="secondary"),
        ),
        private=True,
    )


def first_question(me: OptIn | None, other: OptIn | None) -> str:
    """A question to open the first conversation with, from shared topics and roles."""
    shared = sorted(set(me.topics) & set(other.topics)) if me and other else []
    topic = shared[0] if shared else None
    role = me.role if me else None
    if topic is None:
        return "What brought you to this group, and what would you like from these chats?"
    if role == MENTEE:
        return f"What helped you most when you were finding your way with {topic}?"
    if role == MENTOR:
        return f"What would make {topic} easier for you over the next month?"
    return f"What is one thing about {topic} you would change if you could?"


def intro(
    pairing_id: int, me: OptIn | None, others: Sequence[OptIn], names: Mapping[str, str]
) -> Reply:
    """The intro to one person once everyone accepted."""
    fields = tuple(
        Field(names.get(o.user_id, o.user_id), f"{o.role}; topics: {_topics(o)}") for o in others
    )
    who = _names([o.user_id for o in others], names)
    everyone = _names(["You", *(o.user_id for o in others)], names)
    said = "have both said yes" if len(others) == 1 else "have all said yes"
    return Reply(
        f"{everyone} {said}: over to you. Message each other to find a time.\n\n"
        f"A first question to try: *{first_question(me, others[0] if others else None)}*\n\n"
        + HOW_TO_END,
        title=f"Meet {who} (pairing {pairing_id})",
        fields=fields,
        private=True,
    )


def checkin(pairing_id: int, others: Sequence[str], names: Mapping[str, str]) -> Reply:
    """Ask "did you two meet?", with its three answers as buttons."""
    who = _names(others, names)
    args = (str(pairing_id),)
    return Reply(
        f"Did you and {who} meet? Your answer only ever counts in totals for the organisers.",
        title="Did you meet?",
        actions=(
            Action("Met", "mentor checkin", (*args, "met"), style="success"),
            Action("Not yet", "mentor checkin", (*args, "not-yet"), style="secondary"),
            Action("Not going to happen", "mentor checkin", (*args, "no"), style="secondary"),
        ),
        private=True,
    )


def next_round(
    me: OptIn | None, free_from: datetime | None, next_at: datetime | None, now: datetime
) -> str:
    """What someone is told about the next round: "you will be in it" only when so."""
    if me is None:
        return (
            "You are no longer in the pairing rounds; `!mentor join mentor|mentee|peer` "
            "brings you back."
        )
    if free_from and free_from > (next_at or now):
        return f"You can be paired again from {stamp(free_from)}."
    return "You will be in the next round."


def lapsed(others: Sequence[str], names: Mapping[str, str], after: str) -> Reply:
    """Told when a proposal did not start; never who skipped or did not answer."""
    return Reply(
        f"The pairing proposed with {_names(others, names)} did not start this round: not "
        f"everyone said yes in time. {after}",
        private=True,
    )


def ended(after: str) -> Reply:
    """Told to the others when someone ends a pairing: only that it ended."""
    return Reply(
        f"Your mentoring pairing has ended. Nothing more is needed from you. {after}",
        private=True,
    )


WHY_LEFT_OUT = {
    (NOBODY, MENTOR): "There was no mentee in this round to pair you with.",
    (NOBODY, MENTEE): "There was no mentor in this round to pair you with.",
    (NOBODY, PEER): "There was no other peer in this round to pair you with.",
    (TAKEN, MENTOR): "Every mentee in this round already had a pair.",
    (TAKEN, MENTEE): (
        "There were more mentees than mentors this time, and every mentor already had a pair."
    ),
    (TAKEN, PEER): "Everyone in this round you could be paired with already had a pair.",
}
ODD_ONE_OUT = "This round had an odd number of people, and you were the one left over."
NO_GOOD_MATCH = "Nobody still free in this round was a good match for you."


def left_out(reason: str, role: str) -> Reply:
    """Told to someone a round did not pair: the true reason, never a private one."""
    why = {ODD_ONE: ODD_ONE_OUT, NO_FIT: NO_GOOD_MATCH}.get(reason) or WHY_LEFT_OUT[reason, role]
    return Reply(
        f"Sorry, no pairing for you this round. {why} You go first in the next round.",
        title="Not paired this round",
        private=True,
    )


def status(
    me: OptIn | None,
    pairings: Sequence[Pairing],
    names: Mapping[str, str],
    user_id: str,
    next_at: str | None,
) -> Reply:
    """Someone's opt-in, pairings past and current, and the next round."""
    if me is None:
        how = "Not opted in. `!mentor join mentor|mentee|peer` joins the rounds."
    else:
        how = f"In as a {me.role}; topics: {_topics(me)}; pace: {me.every or 'any'}"
        if me.paused_until:
            how += f"; paused until {stamp(me.paused_until)}"
        if me.carried:
            how += "; first in the next round"
    lines = [
        f"- Pairing {p.id} with {_names(p.others(user_id), names) or 'nobody now'}: {p.state}"
        f" (proposed {stamp(p.proposed_at, 'D')})"
        for p in pairings
    ]
    return Reply(
        title="Your mentoring",
        fields=(
            Field("You", how),
            Field("Pairings", "\n".join(lines) or "None yet."),
            Field("Next round", next_at or "When a facilitator runs one (`!mentor round`)."),
        ),
        private=True,
    )


def round_run(made: int, ready: int, left: int) -> str:
    """The facilitator's answer once a round has run."""
    people = counted(ready, "person", "people")
    if made:
        said = (
            f"Round run: {counted(made, 'pairing')} proposed to the {people} ready; each is "
            "asked privately to accept."
        )
    else:
        said = f"Round run: no pairing could be made among the {people} ready."
    if left:
        told = "is" if left == 1 else "are"
        said += f" {counted(left, 'person', 'people')} not paired {told} told why, privately."
    return said


def dry_run(plan: Plan, names: Mapping[str, str], roles: Mapping[str, int]) -> Reply:
    """The pairs a round would make, with the score behind each; nothing is stored.

    Who would not be paired is a number only: names (two people left out together) would
    hint at what is private, such as an avoid list.
    """
    lines = []
    for pair in plan.pairs:
        shared = f"; shared topics: {', '.join(pair.shared)}" if pair.shared else ""
        lines.append(f"- {_names(pair.people, names)}: score {pair.score:g}{shared}")
    if plan.left_out:
        lines.append(
            f"- Not paired: {counted(len(plan.left_out), 'person', 'people')}; each is told "
            "why, privately, and goes first in the next round"
        )
    ready = ", ".join(
        counted(roles.get(role, 0), role, role + "s") for role in (MENTOR, MENTEE, PEER)
    )
    return Reply(
        "\n".join(lines) + f"\n\nReady to pair: {ready}.\n\nScores add shared topics, pairs "
        "across sides of the service and matching pace, and take off for a peer standing in "
        "for a mentor; a recent pair is made again only when nobody else fits. The private "
        "parts (sides, avoid lists, pairings ended early or skipped) are weighed but never "
        "shown. Nothing was stored.",
        title=f"Dry run: {counted(len(plan.pairs), 'pairing')}",
        private=True,
    )
