"""What mentoring says: proposals, intros, check-ins, status and dry runs. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.core.i18n import N_, _, join, ngettext
from bot.core.model import Action, Field, Reply
from bot.core.timeparse import stamp
from cogs.mentoring._left_out import NO_FIT, NOBODY, ODD_ONE, TAKEN
from cogs.mentoring._matching import MENTEE, MENTOR, PEER, Plan
from cogs.mentoring._settings import ANSWER_DAYS
from storage.mentoring import OptIn
from storage.mentoring_pairings import Pairing

HOW_TO_END = N_(
    "If it is not working, `!mentor end` ends the pairing at once and privately: the other "
    'person is told only that it ended. `!mentor concern "..."` reaches the organisers alone.'
)
# How each answer is stored (not shown: only totals ever are).
CHECKIN_ANSWERS = {"met": "met", "not-yet": "not yet", "no": "no"}
# The check-in's buttons and the answer each sends (typed, the label means it too).
CHECKIN_BUTTONS = (
    (N_("Met"), "met"),
    (N_("Not yet"), "not-yet"),
    (N_("Not going to happen"), "no"),
)
# How each way of taking part is said (typed as mentor, mentee, peer).
ROLE_WORDS = {MENTOR: N_("mentor"), MENTEE: N_("mentee"), PEER: N_("peer")}


def role_word(role: str) -> str:
    """'mentor', 'mentee' or 'peer' in the active language."""
    return _(ROLE_WORDS[role]) if role in ROLE_WORDS else role


# How a pairing's state is said in someone's status.
STATE_WORDS = {
    "proposed": N_("proposed"),
    "active": N_("active"),
    "skipped": N_("skipped"),
    "ended": N_("ended"),
    "done": N_("done"),
}


def state_word(state: str) -> str:
    """A pairing's state in the active language ('proposed', 'active', ...)."""
    return _(STATE_WORDS[state]) if state in STATE_WORDS else state


def _names(user_ids: Sequence[str], names: Mapping[str, str]) -> str:
    return join(names.get(u, u) for u in user_ids)


def _topics(m: OptIn | None) -> str:
    return ", ".join(m.topics) if m and m.topics else _("no topics given")


def proposal(pairing_id: int, others: Sequence[OptIn], names: Mapping[str, str]) -> Reply:
    """The private Accept / Skip question to each person proposed."""
    lines = [
        f"- **{names.get(o.user_id, o.user_id)}** ({role_word(o.role)}): {_topics(o)}"
        for o in others
    ]
    starts = ngettext(
        "The pairing starts when everyone accepts; no answer in {n} day counts as skipping this "
        "round. Nobody is told who skipped.",
        "The pairing starts when everyone accepts; no answer in {n} days counts as skipping "
        "this round. Nobody is told who skipped.",
        ANSWER_DAYS,
    )
    return Reply(
        _("This round proposes you meet:") + "\n" + "\n".join(lines) + "\n\n" + starts,
        title=_("A mentoring pairing for you"),
        actions=(
            Action(_("Accept"), "mentor accept", (str(pairing_id),), style="success"),
            Action(_("Skip this round"), "mentor skip", (str(pairing_id),), style="secondary"),
        ),
        private=True,
    )


def first_question(me: OptIn | None, other: OptIn | None) -> str:
    """A question to open the first conversation with, from shared topics and roles."""
    shared = sorted(set(me.topics) & set(other.topics)) if me and other else []
    topic = shared[0] if shared else None
    role = me.role if me else None
    if topic is None:
        return _("What brought you to this group, and what would you like from these chats?")
    if role == MENTEE:
        return _("What helped you most when you were finding your way with {topic}?", topic=topic)
    if role == MENTOR:
        return _("What would make {topic} easier for you over the next month?", topic=topic)
    return _("What is one thing about {topic} you would change if you could?", topic=topic)


def intro(
    pairing_id: int, me: OptIn | None, others: Sequence[OptIn], names: Mapping[str, str]
) -> Reply:
    """The intro to one person once everyone accepted."""
    fields = tuple(
        Field(
            names.get(o.user_id, o.user_id),
            _("{role}; topics: {topics}", role=role_word(o.role), topics=_topics(o)),
        )
        for o in others
    )
    who = _names([o.user_id for o in others], names)
    if len(others) == 1:
        said = _("You and {who} have both said yes", who=who)
    else:
        said = _(
            "{everyone} have all said yes",
            everyone=join([_("You"), *(names.get(o.user_id, o.user_id) for o in others)]),
        )
    question = first_question(me, others[0] if others else None)
    return Reply(
        _(
            "{said}: over to you. Message each other to find a time.\n\n"
            "A first question to try: *{question}*",
            said=said,
            question=question,
        )
        + "\n\n"
        + _(HOW_TO_END),
        title=_("Meet {who} (pairing {id})", who=who, id=pairing_id),
        fields=fields,
        private=True,
    )


def checkin(pairing_id: int, others: Sequence[str], names: Mapping[str, str]) -> Reply:
    """Ask "did you two meet?", with its three answers as buttons."""
    who = _names(others, names)
    args = (str(pairing_id),)
    return Reply(
        _(
            "Did you and {who} meet? Your answer only ever counts in totals for the organisers.",
            who=who,
        ),
        title=_("Did you meet?"),
        actions=tuple(
            Action(_(label), "mentor checkin", (*args, answer), style=style)
            for (label, answer), style in zip(
                CHECKIN_BUTTONS, ("success", "secondary", "secondary"), strict=True
            )
        ),
        private=True,
    )


def next_round(
    me: OptIn | None, free_from: datetime | None, next_at: datetime | None, now: datetime
) -> str:
    """What someone is told about the next round: "you will be in it" only when so."""
    if me is None:
        return _(
            "You are no longer in the pairing rounds; `!mentor join mentor|mentee|peer` "
            "brings you back."
        )
    if free_from and free_from > (next_at or now):
        return _("You can be paired again from {when}.", when=stamp(free_from))
    return _("You will be in the next round.")


def lapsed(others: Sequence[str], names: Mapping[str, str], after: str) -> Reply:
    """Told when a proposal did not start; never who skipped or did not answer."""
    return Reply(
        _(
            "The pairing proposed with {who} did not start this round: not everyone said yes "
            "in time. {after}",
            who=_names(others, names),
            after=after,
        ),
        private=True,
    )


def ended(after: str) -> Reply:
    """Told to the others when someone ends a pairing: only that it ended."""
    return Reply(
        _(
            "Your mentoring pairing has ended. Nothing more is needed from you. {after}",
            after=after,
        ),
        private=True,
    )


WHY_LEFT_OUT = {
    (NOBODY, MENTOR): N_("There was no mentee in this round to pair you with."),
    (NOBODY, MENTEE): N_("There was no mentor in this round to pair you with."),
    (NOBODY, PEER): N_("There was no other peer in this round to pair you with."),
    (TAKEN, MENTOR): N_("Every mentee in this round already had a pair."),
    (TAKEN, MENTEE): N_(
        "There were more mentees than mentors this time, and every mentor already had a pair."
    ),
    (TAKEN, PEER): N_("Everyone in this round you could be paired with already had a pair."),
}
ODD_ONE_OUT = N_("This round had an odd number of people, and you were the one left over.")
NO_GOOD_MATCH = N_("Nobody still free in this round was a good match for you.")


def left_out(reason: str, role: str) -> Reply:
    """Told to someone a round did not pair: the true reason, never a private one."""
    why = {ODD_ONE: ODD_ONE_OUT, NO_FIT: NO_GOOD_MATCH}.get(reason) or WHY_LEFT_OUT[reason, role]
    return Reply(
        _(
            "Sorry, no pairing for you this round. {why} You go first in the next round.",
            why=_(why),
        ),
        title=_("Not paired this round"),
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
        how = _("Not opted in. `!mentor join mentor|mentee|peer` joins the rounds.")
    else:
        how = _(
            "In as a {role}; topics: {topics}; pace: {pace}",
            role=role_word(me.role),
            topics=_topics(me),
            pace=me.every or _("any"),
        )
        if me.paused_until:
            how += _("; paused until {when}", when=stamp(me.paused_until))
        if me.carried:
            how += _("; first in the next round")
    lines = [
        _(
            "- Pairing {id} with {who}: {state} (proposed {when})",
            id=p.id,
            who=_names(p.others(user_id), names) or _("nobody now"),
            state=state_word(p.state),
            when=stamp(p.proposed_at, "D"),
        )
        for p in pairings
    ]
    return Reply(
        title=_("Your mentoring"),
        fields=(
            Field(_("You"), how),
            Field(_("Pairings"), "\n".join(lines) or _("None yet.")),
            Field(_("Next round"), next_at or _("When a facilitator runs one (`!mentor round`).")),
        ),
        private=True,
    )


def round_run(made: int, ready: int, left: int) -> str:
    """The facilitator's answer once a round has run."""
    people = ngettext("{n} person", "{n} people", ready)
    if made:
        said = ngettext(
            "Round run: {n} pairing proposed to the {people} ready; each is asked privately "
            "to accept.",
            "Round run: {n} pairings proposed to the {people} ready; each is asked privately "
            "to accept.",
            made,
            people=people,
        )
    else:
        said = _("Round run: no pairing could be made among the {people} ready.", people=people)
    if left:
        said += " " + ngettext(
            "{n} person not paired is told why, privately.",
            "{n} people not paired are told why, privately.",
            left,
        )
    return said


def dry_run(plan: Plan, names: Mapping[str, str], roles: Mapping[str, int]) -> Reply:
    """The pairs a round would make, with the score behind each; nothing is stored.

    Who would not be paired is a number only: names (two people left out together) would
    hint at what is private, such as an avoid list.
    """
    lines = []
    for pair in plan.pairs:
        shared = (
            _("; shared topics: {topics}", topics=", ".join(pair.shared)) if pair.shared else ""
        )
        lines.append(
            _(
                "- {who}: score {score}{shared}",
                who=_names(pair.people, names),
                score=f"{pair.score:g}",
                shared=shared,
            )
        )
    if plan.left_out:
        lines.append(
            ngettext(
                "- Not paired: {n} person; each is told why, privately, and goes first in the "
                "next round",
                "- Not paired: {n} people; each is told why, privately, and goes first in the "
                "next round",
                len(plan.left_out),
            )
        )
    mentors, mentees, peers = (roles.get(r, 0) for r in (MENTOR, MENTEE, PEER))
    ready = join(
        [
            ngettext("{n} mentor", "{n} mentors", mentors) if mentors else _("no mentors"),
            ngettext("{n} mentee", "{n} mentees", mentees) if mentees else _("no mentees"),
            ngettext("{n} peer", "{n} peers", peers) if peers else _("no peers"),
        ]
    )
    return Reply(
        "\n".join(lines)
        + "\n\n"
        + _("Ready to pair: {ready}.", ready=ready)
        + "\n\n"
        + _(
            "Scores add shared topics, pairs across sides of the service and matching pace, and "
            "take off for a peer standing in for a mentor; a recent pair is made again only when "
            "nobody else fits. The private parts (sides, avoid lists, pairings ended early or "
            "skipped) are weighed but never shown. Nothing was stored."
        ),
        title=ngettext("Dry run: {n} pairing", "Dry run: {n} pairings", len(plan.pairs))
        if plan.pairs
        else _("Dry run: no pairings"),
        private=True,
    )


def changes(before: OptIn, after: OptIn) -> list[str]:
    """What someone changed in how they are in: 'role mentee -> mentor', 'topics housing'."""
    found = []
    if before.role != after.role:
        found.append(
            _(
                "role {before} -> {after}",
                before=role_word(before.role),
                after=role_word(after.role),
            )
        )
    if before.topics != after.topics:
        found.append(_("topics {topics}", topics=", ".join(after.topics) or _("none")))
    if before.every != after.every:
        found.append(_("pace {pace}", pace=after.every or _("any")))
    return found
