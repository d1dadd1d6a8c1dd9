"""How a poll and its results look, as neutral Replies."""

from __future__ import annotations

from bot.core.model import Action, Ask, Choice, Field, Reply
from bot.core.timeparse import stamp
from cogs.polls._tally import BLOCK, CONSENT_OPTIONS, Results
from storage.polls import Ballot, Poll
from storage.polls_people import is_forgotten

# How a ballot whose voter was forgotten is listed: its count stays, its person does not.
SOMEONE_WHO_LEFT = "someone who left"

KIND_HELP = {
    "single": "Pick one option.",
    "multi": "Pick as many options as you like, e.g. `1,3`.",
    "ranked": "Rank the options, best first, e.g. `3,1,2`; you may leave some out.",
    "consent": "Agree, Abstain, Object or Block. A Block needs a reason (`--reason`), and "
    "an Object may give one; the proposal passes only if nobody blocks.",
}

# The longest button label platforms show whole (Discord's limit).
BUTTON_LABEL = 80

NO_DEADLINE = "No deadline: it stays open until a facilitator closes it."


def block_reason(poll: Poll) -> Ask:
    """What pressing Block asks: the reason, and honestly who will see it.

    Reasons are listed in the results without names; in a named poll facilitators can
    still see who voted Block (`!poll voters`).
    """
    if poll.anonymous:
        note = "Everyone will see this reason in the results, without your name."
    else:
        note = (
            "Everyone will see this reason in the results, without your name; "
            "facilitators can see who blocked."
        )
    return Ask("reason", "Why do you block?", note)


def options_of(poll: Poll) -> tuple[str, ...]:
    """The options as shown (consent polls have fixed ones)."""
    return CONSENT_OPTIONS if poll.kind == "consent" else poll.options


def counted(n: int, one: str, many: str | None = None) -> str:
    """'1 vote', '2 votes', '0 votes': a count with its noun in the right number."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def turnout(voters: int, members: int) -> str:
    """'3 of 10 members have voted (30%)', '1 of 10 members has', '0 of 1 member has'."""
    share = f" ({round(100 * voters / members)}%)" if members else ""
    verb = "has" if voters == 1 or members == 1 else "have"
    return f"{voters} of {counted(members, 'member')} {verb} voted{share}"


def poll_message(poll: Poll, voters: int, members: int) -> Reply:
    """The living message people vote on."""
    options = options_of(poll)
    lines = [f"**{i}.** {label}" for i, label in enumerate(options, start=1)]
    lines.append("")
    lines.append(KIND_HELP[poll.kind])
    if poll.anonymous:
        lines.append(
            "Anonymous: the bot shows nobody, not even the organisers, who voted what. Until "
            "it closes, only the bot's host, reading its key file and database together, "
            "could; after the close nobody can. Where others can see what you type, send "
            "your vote to the bot in a private message."
        )
    if poll.hide_results:
        lines.append("Results stay hidden from everyone, facilitators too, until the poll closes.")
    if poll.closes_at is None:
        lines.append(NO_DEADLINE)
    lines.append(f"Vote by typing `!poll vote {poll.id} CHOICE`.")
    fields = [Field("Turnout", turnout(voters, members), inline=True)]
    if poll.closes_at:
        fields.append(
            Field("Closes", f"{stamp(poll.closes_at)} ({stamp(poll.closes_at, 'R')})", True)
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
                "danger" if label == "Block" else "primary",
                block_reason(poll) if poll.kind == "consent" and i == BLOCK else None,
            )
            for i, label in enumerate(options, start=1)
        ]
    actions.append(Action("Results", "poll results", (str(poll.id),), "secondary"))
    choice = None
    if poll.kind != "consent":
        choice = Choice(
            key=f"poll:{poll.id}",
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
        title=f"Poll {poll.id}: {poll.question}",
        body="\n".join(lines),
        fields=tuple(fields),
        actions=tuple(actions),
        key=f"poll:{poll.id}",
        choice=choice,
    )


def consent_outcome(results: Results) -> str:
    """'Passed (no blocks): 1 agree, 1 abstain, 1 object.', every count, zeros too."""
    if not results.voters:
        return "No ballots yet."
    agree, abstain, objected, blocks = results.counts
    counts = f"{agree} agree, {abstain} abstain, {objected} object."
    if results.outcome == "blocked":
        return f"Blocked ({counted(blocks, 'block')}): {counts}"
    return f"Passed (no blocks): {counts}"


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
    state = "open" if poll.is_open else "closed"
    lines = []
    for i, (label, count) in enumerate(zip(options, results.counts, strict=True), start=1):
        share = count / results.voters if results.voters else 0.0
        lines.append(f"{i}. {label}: {counted(count, 'vote')} ({round(share * 100)}%)")
    if poll.kind == "ranked":
        lines[0:0] = ["First preferences:"]
        for n, rnd in enumerate(results.rounds, start=1):
            tallies = ", ".join(f"{options[c - 1]} {v}" for c, v in sorted(rnd.counts.items()))
            gone = ""
            if rnd.eliminated:
                gone = "; out: " + ", ".join(options[c - 1] for c in rnd.eliminated)
            spent = f"; {counted(rnd.exhausted, 'ballot')} exhausted" if rnd.exhausted else ""
            lines.append(f"Round {n}: {tallies}{gone}{spent}")
    fields = [Field("Turnout", turnout(results.voters, members), inline=True)]
    if poll.kind == "consent":
        fields.append(Field("Outcome", consent_outcome(results), inline=True))
        if concerns:
            fields.append(Field("Concerns raised", "\n".join(f"- {c}" for c in concerns)))
        if reasons:
            fields.append(Field("Reasons for blocking", "\n".join(f"- {r}" for r in reasons)))
    elif results.winners:
        names = " and ".join(options[w - 1] for w in results.winners)
        label = "Tie" if len(results.winners) > 1 else ("Leading" if poll.is_open else "Winner")
        fields.append(Field(label, names, inline=True))
    return Reply(
        title=f"Results of poll {poll.id} ({state}): {poll.question}",
        body="\n".join(lines),
        fields=tuple(fields),
    )


def voters_message(poll: Poll, ballots: list[Ballot], names: dict[str, str]) -> Reply:
    """Who voted what in a named poll, for facilitators; forgotten voters stay unnamed."""
    options = options_of(poll)
    lines = sorted(
        (SOMEONE_WHO_LEFT if is_forgotten(b.voter) else names.get(b.voter, b.voter))
        + ": "
        + ", ".join(options[c - 1] for c in b.choices)
        for b in ballots
    )
    return Reply(
        "\n".join(lines) or "Nobody has voted yet.",
        title=f"Voters in poll {poll.id}",
        private=True,
    )


def hidden_results(poll: Poll, voters: int, members: int) -> Reply:
    """What `--hide-results` polls show while open."""
    return Reply(
        title=f"Poll {poll.id} (open): {poll.question}",
        body="Results are hidden until the poll closes.",
        fields=(Field("Turnout", turnout(voters, members)),),
    )


def closed_message(poll: Poll, results: Reply) -> Reply:
    """The living message once the poll has closed: the results, nothing to press."""
    choice = None
    if poll.kind != "consent":
        choice = Choice(
            key=f"poll:{poll.id}",
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
        key=f"poll:{poll.id}",
        choice=choice,
    )


def reminder(poll: Poll) -> Reply:
    """The private nudge to someone who has not voted in a poll that closes soon."""
    closes = f"{stamp(poll.closes_at)} ({stamp(poll.closes_at, 'R')})" if poll.closes_at else ""
    return Reply(
        f"Poll {poll.id}, **{poll.question}**, closes {closes} and you have not voted "
        f"yet. Type `!poll vote {poll.id} CHOICE`, or `!poll results {poll.id}` to see "
        "the options.",
        title="A poll is closing soon",
        actions=(Action("Show the poll", "poll results", (str(poll.id),)),),
        private=True,
    )
