"""How a poll and its results look, as neutral Replies."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.i18n import N_, _, join, ngettext, pgettext
from bot.core.model import Action, Ask, Choice, Field, Reply
from bot.core.timeparse import stamp
from bot.core.words import percent
from cogs.polls._keys import PollKey
from cogs.polls._tally import BLOCK, CONSENT_OPTIONS, Results
from storage.polls import Ballot, Poll
from storage.polls_people import is_forgotten

# How a ballot whose voter was forgotten is listed: its count stays, its person does not.
SOMEONE_WHO_LEFT = N_("someone who left")

KIND_HELP = {
    "single": N_("Pick one option."),
    "multi": N_("Pick as many options as you like, e.g. `1,3`."),
    "ranked": N_("Rank the options, best first, e.g. `3,1,2`; you may leave some out."),
    "consent": N_(
        "Agree, Abstain, Object or Block. A Block needs a reason (`--reason`), and "
        "an Object may give one; the proposal passes only if nobody blocks."
    ),
}

# The longest button label platforms show whole (Discord's limit).
BUTTON_LABEL = 80

NO_DEADLINE = N_("No deadline: it stays open until a facilitator closes it.")


def block_reason(poll: Poll) -> Ask:
    """What pressing Block asks: the reason, and honestly who will see it.

    Reasons are listed in the results without names; in a named poll facilitators can
    still see who voted Block (`!poll voters`).
    """
    if poll.anonymous:
        note = _("Everyone will see this reason in the results, without your name.")
    else:
        note = _(
            "Everyone will see this reason in the results, without your name; facilitators "
            "can see who blocked."
        )
    return Ask("reason", _("Why do you block?"), note)


def options_of(poll: Poll) -> tuple[str, ...]:
    """The options as shown (consent polls have fixed ones)."""
    return tuple(_(o) for o in CONSENT_OPTIONS) if poll.kind == "consent" else poll.options


def turnout(voters: int, members: int) -> str:
    """'3 of 10 members have voted (30%)', '1 of 10 members has', '0 of 1 member has'."""
    share = f" ({percent(voters, members)}%)" if members else ""
    if members == 1:
        return _("{voters} of 1 member has voted{share}", voters=voters, share=share)
    return ngettext(
        "{voters} of {members} members has voted{share}",
        "{voters} of {members} members have voted{share}",
        voters,
        voters=voters,
        members=members,
        share=share,
    )


def poll_message(poll: Poll, voters: int, members: int) -> Reply:
    """The living message people vote on."""
    options = options_of(poll)
    lines = [f"**{i}.** {label}" for i, label in enumerate(options, start=1)]
    lines.append("")
    lines.append(_(KIND_HELP[poll.kind]))
    if poll.anonymous:
        lines.append(
            _(
                "Anonymous: the bot shows nobody, not even the organisers, who voted what. "
                "Until it closes, only the bot's host, reading its key file and database "
                "together, could; after the close nobody can. Where others can see what you "
                "type, send your vote to the bot in a private message."
            )
        )
    if poll.hide_results:
        lines.append(
            _("Results stay hidden from everyone, facilitators too, until the poll closes.")
        )
    if poll.closes_at is None:
        lines.append(_(NO_DEADLINE))
    lines.append(_("Vote by typing `!poll vote {poll_id} CHOICE`.", poll_id=poll.id))
    fields = [Field(_("Turnout"), turnout(voters, members), inline=True)]
    if poll.closes_at:
        fields.append(
            Field(_("Closes"), f"{stamp(poll.closes_at)} ({stamp(poll.closes_at, 'R')})", True)
        )
    actions: list[Action] = []
    # Buttons show at most 80 characters: past that, the number keeps them apart.
    numbered = any(len(label) > BUTTON_LABEL for label in options)
    if poll.kind in ("single", "consent"):
        actions = [
            Action(
                f"{i}. {label}" if numbered else label,
                "poll vote",
                (str(poll.id), str(i)),
                "danger" if poll.kind == "consent" and i == BLOCK else "primary",
                block_reason(poll) if poll.kind == "consent" and i == BLOCK else None,
            )
            for i, label in enumerate(options, start=1)
        ]
    actions.append(Action(_("Results"), "poll results", (str(poll.id),), "secondary"))
    choice = None
    if poll.kind != "consent":
        choice = Choice(
            key=PollKey(poll.id).encode(),
            question=poll.question,
            options=options,
            command="poll vote",
            args=(str(poll.id),),
            max_selections=1 if poll.kind == "single" else len(options),
            ordered=poll.kind == "ranked",
            anonymous=poll.anonymous,
            hide_results=poll.hide_results,
            withdraw=f"poll withdraw {poll.id}",
        )
    return Reply(
        title=_("Poll {poll_id}: {question}", poll_id=poll.id, question=poll.question),
        body="\n".join(lines),
        fields=tuple(fields),
        actions=tuple(actions),
        key=PollKey(poll.id).encode(),
        choice=choice,
    )


def open_polls_message(polls: Sequence[tuple[Poll, bool]]) -> Reply:
    """`!poll list`: each open poll, when it closes, and whether the asker has voted."""
    if not polls:
        return Reply(_("No polls are open. A facilitator can start one with `!poll create`."))
    lines = []
    for poll, voted in polls:
        closes = stamp(poll.closes_at) if poll.closes_at else None
        lines.append(
            _(
                "**{id}**: {question} ({kind}, {when}; you: {mark})",
                id=poll.id,
                question=poll.question,
                kind=pgettext("choice", poll.kind),  # as the kind is offered when creating
                when=_("closes {when}", when=closes) if closes else _("no deadline"),
                mark=_("voted") if voted else _("not voted yet"),
            )
        )
    return Reply("\n".join(lines), title=_("Open polls"))


def vote_taken(poll_id: int, shown: str, note: str | None, *, reason_dropped: bool) -> Reply:
    """What a voter is told once their ballot is in (privately): what they chose, and notes."""
    lines = [
        _(
            "Your vote on poll {id} is in: {shown}. You can change it until the poll closes.",
            id=poll_id,
            shown=shown,
        )
    ]
    if note:
        lines.append(note)
    if reason_dropped:
        lines.append(
            _("Your reason is not kept: only Object and Block in a consent poll keep one.")
        )
    return Reply("\n".join(lines), private=True)


def consent_outcome(results: Results) -> str:
    """'Passed (no blocks): 1 agree, 1 abstain, 1 object.', every count, zeros too."""
    if not results.voters:
        return _("No ballots yet.")
    agree, abstain, objected, blocks = results.counts
    counts = _(
        "{agree} agree, {abstain} abstain, {objected} object.",
        agree=agree,
        abstain=abstain,
        objected=objected,
    )
    if results.outcome == "blocked":
        return ngettext(
            "Blocked ({n} block): {counts}", "Blocked ({n} blocks): {counts}", blocks, counts=counts
        )
    return _("Passed (no blocks): {counts}", counts=counts)


def results_message(
    poll: Poll,
    results: Results,
    members: int,
    reasons: list[str] | None = None,
    concerns: list[str] | None = None,
) -> Reply:
    """Counts, percentages, turnout, winner; instant-runoff rounds for ranked polls.

    Counts are words, never bar characters, which screen readers read out one by one.
    A consent poll shows every count, the concerns raised with Object and the reasons
    for blocking.
    """
    options = options_of(poll)
    state = _("open") if poll.is_open else _("closed")
    lines = []
    for i, (label, count) in enumerate(zip(options, results.counts, strict=True), start=1):
        votes = ngettext("{n} vote", "{n} votes", count)
        lines.append(f"{i}. {label}: {votes} ({percent(count, results.voters)}%)")
    if poll.kind == "ranked":
        lines[0:0] = [_("First preferences:")]
        for n, rnd in enumerate(results.rounds, start=1):
            tallies = ", ".join(f"{options[c - 1]} {v}" for c, v in sorted(rnd.counts.items()))
            gone = ""
            if rnd.eliminated:
                gone = _("; out: {names}", names=join(options[c - 1] for c in rnd.eliminated))
            spent = (
                ngettext("; {n} ballot exhausted", "; {n} ballots exhausted", rnd.exhausted)
                if rnd.exhausted
                else ""
            )
            lines.append(
                _("Round {n}: {tallies}{gone}{spent}", n=n, tallies=tallies, gone=gone, spent=spent)
            )
    fields = [Field(_("Turnout"), turnout(results.voters, members), inline=True)]
    if poll.kind == "consent":
        fields.append(Field(_("Outcome"), consent_outcome(results), inline=True))
        if concerns:
            fields.append(Field(_("Concerns raised"), "\n".join(f"- {c}" for c in concerns)))
        if reasons:
            fields.append(Field(_("Reasons for blocking"), "\n".join(f"- {r}" for r in reasons)))
    elif results.winners:
        names = join(options[w - 1] for w in results.winners)
        label = (
            _("Tie") if len(results.winners) > 1 else _("Leading") if poll.is_open else _("Winner")
        )
        fields.append(Field(label, names, inline=True))
    return Reply(
        title=_(
            "Results of poll {poll_id} ({state}): {question}",
            poll_id=poll.id,
            state=state,
            question=poll.question,
        ),
        body="\n".join(lines),
        fields=tuple(fields),
    )


def voters_message(poll: Poll, ballots: list[Ballot], names: dict[str, str]) -> Reply:
    """Who voted what in a named poll, for facilitators; forgotten voters stay unnamed."""
    options = options_of(poll)
    lines = sorted(
        (_(SOMEONE_WHO_LEFT) if is_forgotten(b.voter) else names.get(b.voter, b.voter))
        + ": "
        + ", ".join(options[c - 1] for c in b.choices)
        for b in ballots
    )
    return Reply(
        "\n".join(lines) or _("Nobody has voted yet."),
        title=_("Voters in poll {poll_id}", poll_id=poll.id),
        private=True,
    )


def hidden_results(poll: Poll, voters: int, members: int) -> Reply:
    """What `--hide-results` polls show while open."""
    return Reply(
        title=_("Poll {poll_id} (open): {question}", poll_id=poll.id, question=poll.question),
        body=_("Results are hidden until the poll closes."),
        fields=(Field(_("Turnout"), turnout(voters, members)),),
    )


def closed_message(poll: Poll, results: Reply) -> Reply:
    """The living message once the poll has closed: the results, nothing to press."""
    choice = None
    if poll.kind != "consent":
        choice = Choice(
            key=PollKey(poll.id).encode(),
            question=poll.question,
            options=options_of(poll),
            command="poll vote",
            args=(str(poll.id),),
            closed=True,
            anonymous=poll.anonymous,
            hide_results=poll.hide_results,
        )
    return Reply(
        title=results.title,
        body=results.body,
        fields=results.fields,
        key=PollKey(poll.id).encode(),
        choice=choice,
    )


def reminder(poll: Poll) -> Reply:
    """The private nudge to someone who has not voted in a poll that closes soon."""
    closes = f"{stamp(poll.closes_at)} ({stamp(poll.closes_at, 'R')})" if poll.closes_at else ""
    return Reply(
        _(
            "Poll {poll_id}, **{question}**, closes {closes} and you have not voted yet. "
            "Type `!poll vote {poll_id} CHOICE`, or `!poll results {poll_id}` to see the "
            "options.",
            poll_id=poll.id,
            question=poll.question,
            closes=closes,
        ),
        title=_("A poll is closing soon"),
        actions=(Action(_("Show the poll"), "poll results", (str(poll.id),)),),
        private=True,
    )
