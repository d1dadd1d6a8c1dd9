"""The chat side of polls: commands and their scheduled closes, reminders and announcements."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from datetime import datetime
from functools import partial
from typing import Annotated, Any, ClassVar, Literal

from bot.core.cog import Cog
from bot.core.commands import Arg, command, job
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, Nn_, _
from bot.core.limits import LONG, TITLE
from bot.core.model import Reply, Role, User
from bot.core.parts import Activity, DigestSection, Forgotten
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.timeparse import DAY_TIME, parse_when
from cogs.polls._api import outcome_of, start_poll
from cogs.polls._board import CLOSED, PollBoard
from cogs.polls._digest import activity, sections
from cogs.polls._keys import PollKey, PollRef
from cogs.polls._parsing import clean, parse_choices, reason_text, takes_ballots
from cogs.polls._people import exported, forgotten
from cogs.polls._render import (
    hidden_results,
    open_polls_message,
    options_of,
    reminder,
    results_message,
    vote_taken,
    voters_message,
)
from cogs.polls._secrets import erase_due, erase_secret, secret_of, tidy_keys
from cogs.polls._settings import (
    ANNOUNCE,
    CLOSE,
    ERASE,
    POLL_CREATORS,
    POLL_THREADS,
    REMINDER,
    SETTINGS,
)
from cogs.polls._tally import BLOCK, OBJECT
from storage.engine import Tx
from storage.polls import Poll, PollRepository
from storage.polls_digest import PollDigestRepository
from storage.polls_people import PollPeopleRepository

log = logging.getLogger(__name__)

JUST_CLOSED = N_("Poll {id} has just closed; its ballots can no longer change.")

PollId = Annotated[int, Arg("the poll's number", min_value=1)]
Kind = Literal["single", "multi", "ranked", "consent"]


class Polls(Cog):
    """Polls the group votes in."""

    feature = "polls"
    settings = SETTINGS
    tasks: ClassVar[Mapping[str, str]] = {"poll": N_("Vote and decide")}
    task_order: ClassVar[int] = 10

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.db = services.db
        self.members = services.members
        self.posting = services.posting
        self.scheduler = services.scheduler
        self.polls = PollRepository(services.db.reader)
        self.board = PollBoard(services, self.polls)

    # -- commands -----------------------------------------------------------------------

    @command("poll create")
    async def create(
        self,
        ctx: Context,
        question: Annotated[str, Arg("what people are asked", max_length=TITLE)],
        *options: Annotated[
            str,
            Arg(
                "2 to 20 options (none for consent)",
                min_count=0,
                max_count=20,
                metavar="OPTION",
                noun=Nn_("{n} option", "{n} options"),
            ),
        ],
        closes: Annotated[
            str | None, Arg("when it closes, e.g. 'friday 17:00'", metavar="WHEN")
        ] = None,
        kind: Annotated[Kind, Arg("how people answer")] = "single",
        anonymous: Annotated[bool, Arg("nobody can see who voted what")] = False,
        hide_results: Annotated[bool, Arg("show only turnout until it closes")] = False,
    ) -> Reply:
        """Post a poll for the group to vote in."""
        if ctx.settings[POLL_CREATORS] != "everyone":
            ctx.require(Role.FACILITATOR, _("create polls in this group"))
        tz = ctx.settings.timezone
        closes_at = parse_when(closes, tz, ctx.now(), day_time=DAY_TIME) if closes else None
        poll_id, message = await start_poll(
            self.services,
            group_id=ctx.group.id,
            channel_id=ctx.channel_id,
            author_id=ctx.user.id,
            question=question,
            options=options,
            kind=kind,
            closes_at=closes_at,
            anonymous=anonymous,
            hide_results=hide_results,
        )
        if ctx.settings[POLL_THREADS]:
            title = _("Poll {id}: {question}", id=poll_id, question=clean(question))[:90]
            message = dataclasses.replace(message, thread=title)
        return message

    async def open_poll_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: open polls in this group whose number or question matches."""
        found = []
        for poll in await self.polls.open_polls(ctx.group.id):
            label = f"{poll.id}: {poll.question}"
            if typed.strip().lower() in label.lower():
                found.append((label[:100], str(poll.id)))
        return found[:25]

    async def poll_group(self, poll_id: int) -> str | None:
        """The group a poll belongs to (so people can vote in a private chat)."""
        return await self.board.group_of(poll_id)

    @command("poll vote", autocomplete={"id": open_poll_choices}, locate=("id", poll_group))
    async def vote(
        self,
        ctx: Context,
        id: PollId,
        choice: Annotated[str, Arg("option number; multi 1,3; ranked 3,1,2")],
        *,
        reason: Annotated[
            str | None,
            Arg("consent polls: why you object or block", metavar="TEXT", max_length=LONG),
        ] = None,
    ) -> Reply:
        """Vote in a poll, or change your vote while it is open."""
        poll = await self.board.poll(ctx, id)
        now = ctx.now()
        if not takes_ballots(poll, now):
            raise UserError(
                _(
                    "Poll {id} has closed, so it takes no more votes. Type `!poll results {id}` to "
                    "see how it ended.",
                    id=id,
                )
            )
        options = options_of(poll)
        picked = parse_choices(poll.kind, choice, options, id)
        picks = picked.positions
        reason = reason_text(reason)
        if poll.kind == "consent" and picks == (BLOCK,) and not reason:
            raise UserError(
                _(
                    'A Block needs a reason, e.g. `!poll vote {id} block --reason "It leaves out '
                    'evening workers"`. Or choose Object to disagree without blocking.',
                    id=id,
                )
            )
        # Object and Block keep their reason (shown with the results, without names).
        kept = reason if poll.kind == "consent" and picks in ((OBJECT,), (BLOCK,)) else None
        voter = await self.board.voter(poll, ctx.user.id)
        async with self.db.transaction() as tx:
            stored = await self.polls.cast(tx, id, voter, picks, kept, now)
        if not stored:
            raise UserError(_("Poll {id} has just closed, so it takes no more votes.", id=id))
        await self.posting.refresh(ctx.group.id, PollKey(id).encode())
        shown = ", ".join(options[p - 1] for p in picks)
        return vote_taken(id, shown, picked.note, reason_dropped=bool(reason and not kept))

    @command("poll withdraw", autocomplete={"id": open_poll_choices}, locate=("id", poll_group))
    async def withdraw(self, ctx: Context, id: PollId) -> Reply:
        """Take back your vote in an open poll."""
        poll = await self.board.poll(ctx, id)
        now = ctx.now()
        if not takes_ballots(poll, now):
            raise UserError(_(CLOSED, id=id))
        voter = await self.board.voter(poll, ctx.user.id)
        async with self.db.transaction() as tx:
            removed = await self.polls.withdraw(tx, id, voter, now)
        if not removed and not takes_ballots(await self.polls.get(id) or poll, now):
            raise UserError(_(JUST_CLOSED, id=id))
        if not removed:
            raise UserError(_("You have no vote in poll {id} to withdraw.", id=id))
        await self.posting.refresh(ctx.group.id, PollKey(id).encode())
        return Reply(_("Your vote on poll {id} is withdrawn.", id=id), private=True)

    @command("poll results", autocomplete={"id": open_poll_choices})
    async def results(self, ctx: Context, id: PollId) -> Reply:
        """Show counts, turnout and the winner (ranked: every runoff round)."""
        poll = await self.board.poll(ctx, id)
        members = await self.members.count(ctx.group.id)
        if poll.hide_results and poll.is_open:
            return hidden_results(poll, await self.polls.voter_count(id), members)
        results, reasons, concerns = await self.board.results(poll)
        return results_message(poll, results, members, reasons, concerns)

    @command("poll list")
    async def list_polls(self, ctx: Context) -> Reply:
        """List the open polls and when they close."""
        polls = await self.polls.open_polls(ctx.group.id)
        voted = [
            await self.polls.ballot(p.id, await self.board.voter(p, ctx.user.id)) is not None
            for p in polls
        ]
        return open_polls_message(list(zip(polls, voted, strict=True)))

    @command("poll voters", role=Role.FACILITATOR, autocomplete={"id": open_poll_choices})
    async def voters(self, ctx: Context, id: PollId) -> Reply:
        """Who voted what (named polls; with hidden results, only once closed)."""
        poll = await self.board.poll(ctx, id)
        if poll.anonymous:
            raise UserError(_("Poll {id} is anonymous: nobody can see who voted what.", id=id))
        if poll.hide_results and poll.is_open:
            raise UserError(
                _(
                    "Poll {id} hides its results from everyone, facilitators too, until it closes. "
                    "Type `!poll voters {id}` after it closes.",
                    id=id,
                )
            )
        names = {m.user_id: m.display_name for m in await self.members.list(ctx.group.id)}
        return voters_message(poll, await self.polls.ballots(id), names)

    @command("poll close", autocomplete={"id": open_poll_choices})
    async def close(self, ctx: Context, id: PollId) -> Reply:
        """Close a poll now and announce its results (its author or a facilitator)."""
        poll = await self.board.poll(ctx, id)
        if poll.author_id != ctx.user.id:
            ctx.require(Role.FACILITATOR, _("close someone else's poll"))
        if not poll.is_open:
            raise UserError(
                _("Poll {id} is already closed. `!poll results {id}` shows how it ended.", id=id)
            )
        # The announcement is due at once: it runs as soon as this is committed.
        await self._close(poll, ctx.now(), None)
        return Reply(_("Poll {id} is closed.", id=id), private=True)

    # -- people ---------------------------------------------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """Named ballots with their answers, and the polls someone asked."""
        people = PollPeopleRepository(self.db.reader)
        return exported(
            await people.named_ballots(group_id, user_id), await people.asked(group_id, user_id)
        )

    async def forget_person(self, tx: Tx, group_id: str, user_id: str) -> Forgotten | None:
        """Withdraw open ballots (anonymous ones too, while their key exists); unname the rest."""
        people = PollPeopleRepository(self.db.reader)
        anonymous = 0
        for poll in await self.polls.open_polls(group_id):
            if poll.anonymous and secret_of(self.services, poll.id) is not None:
                key = await self.board.voter(poll, user_id)
                anonymous += await people.withdraw_key(tx, poll.id, key)
        withdrawn, unnamed, asked = await people.forget(tx, group_id, user_id)
        return forgotten(withdrawn, unnamed, asked, anonymous)

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Polls decided in the period with their outcome; those closing in the next week."""
        members = await self.members.count(group_id)
        return await sections(self.polls, self.board.results, members, group_id, since, until)

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Voting in a named poll and creating a poll (facilitating) count as taking part."""
        return await activity(PollDigestRepository(self.db.reader), group_id, since, until)

    # -- scheduled work -----------------------------------------------------------------

    async def _close(self, poll: Poll, now: datetime, due: Due | None) -> bool:
        async with self.db.transaction() as tx:
            closed = await self.polls.close(tx, poll.id, now)
            ref = PollRef(poll.id).encode()
            await self.scheduler.cancel(tx, REMINDER, ref, now)
            if due is not None:
                await due.finish(tx)
            else:
                await self.scheduler.cancel(tx, CLOSE, ref, now)
            if closed:
                await self.scheduler.add(tx, poll.group_id, ANNOUNCE, ref, now)
        self.board.closed(poll.id)
        # After the commit: a crash before this leaves the key, which tidy_keys erases.
        self.db.on_commit(lambda: erase_secret(self.services, poll.id))
        return closed

    async def start(self) -> None:
        """Move old keys out of the database; erase those a crash left behind."""
        await tidy_keys(self.services)

    @job(ERASE, own_transactions=True)
    async def erase_due(self, due: Due) -> None:
        """An old secret's pages are still in the database log: try again to empty it."""
        await erase_due(self.services, due)

    @job(CLOSE)
    async def close_due(self, due: Due) -> None:
        """A poll's deadline has come."""
        poll = await self.polls.get(PollRef.parse(due.row.ref).poll_id)
        if poll is not None:
            await self._close(poll, due.now, due)

    @job(ANNOUNCE)
    async def announce(self, due: Due) -> None:
        """Post the results where the poll was posted, and freeze its living message."""
        poll = await self.polls.get(PollRef.parse(due.row.ref).poll_id)
        if poll is None:
            return
        results, reasons, concerns = await self.board.results(poll)
        members = await self.members.count(poll.group_id)
        message = results_message(poll, results, members, reasons, concerns)
        # The living message is redrawn from what is stored: closed, it shows the results.
        await self.posting.refresh(poll.group_id, PollKey(poll.id).encode())
        # The job may run again after a crash: the outbox posts the results once.
        await self.services.nudges.post(
            poll.group_id, poll.channel_id, message, dedupe=PollKey(poll.id).nudge("results")
        )
        # After the results are out, so a feature that moves on them (an idea) comes second;
        # the job is at-least-once, so listeners must take a repeat calmly.
        await self.services.events.emit(outcome_of(poll, results, reasons))

    @job(REMINDER)
    async def remind(self, due: Due) -> None:
        """Nudge, privately, every member who has not voted yet.

        At least once, through the outbox: the job is finished only after every nudge is
        owed there, and the outbox's dedupe key keeps a re-run from reaching anyone twice.
        """
        poll = await self.polls.get(PollRef.parse(due.row.ref).poll_id)
        if poll is not None and poll.is_open:
            await self.services.nudges.nudge(
                poll.group_id,
                await self._not_voted(poll),
                partial(reminder, poll),  # in each reader's language
                dedupe=PollKey(poll.id).nudge("reminder"),
            )
        async with self.db.transaction() as tx:
            await due.finish(tx)

    async def _not_voted(self, poll: Poll) -> list[User]:
        members = await self.members.list(poll.group_id)
        keys = {m.user_id: await self.board.voter(poll, m.user_id) for m in members}
        voted = await self.polls.voters_among(poll.id, list(keys.values()))
        return [User(m.user_id, m.display_name) for m in members if keys[m.user_id] not in voted]
