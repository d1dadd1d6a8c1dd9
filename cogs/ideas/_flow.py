"""Ideas on the way to a decision: polls on them, reviews, staleness, their contributions."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated, Any, Literal

import aiosqlite

from bot.core.commands import Arg, command, job, listener, matching
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.events import THREAD_MESSAGE
from bot.core.i18n import N_, Nn_, _
from bot.core.limits import TITLE
from bot.core.model import Action, Reply, Role, User
from bot.core.registry import Activity, DigestSection, Forgotten
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.settings import SETTING_CHANGED
from bot.core.timeparse import DAY_TIME, describe, parse_when, stamp
from cogs.ideas._board import IdeaBoard
from cogs.ideas._decision import poll_verdict
from cogs.ideas._people import digest_sections, exported, is_stale, quiet_since, told
from cogs.ideas._render import stale_note, status_word
from cogs.ideas._settings import (
    DIGEST_ON,
    DIGEST_TO,
    IDEA_STALE_DAYS,
    NEXT,
    REDRAW,
    REVIEW,
    STALE,
    idea_key,
)
from cogs.polls import POLL_CLOSED, PollOutcome, start_poll
from storage.ideas import IdeaRepository
from storage.ideas_records import IdeaRecords

# The review's buttons, and the outcome each records (typed, the label means it too).
REVIEW_BUTTONS = ((N_("Keep"), "keep"), (N_("Change"), "change"), (N_("Drop"), "drop"))
IdeaId = Annotated[int, Arg("the idea's number", min_value=1)]
# When an idea's poll closes and when its review is, said after "Poll N is open".
CLOSES = N_("It closes {when}.")
REVIEW_AT = N_("The review is {when}.")
Kind = Literal["consent", "single", "multi", "ranked"]


class IdeaFlow:
    """The Ideas cog's decision, review and contribution half (mixed into the cog)."""

    services: Services
    board: IdeaBoard
    ideas: IdeaRepository
    records: IdeaRecords

    async def idea_group(self, idea_id: int) -> str | None:
        """The group an idea belongs to, so its own commands also work in a private chat.

        An anonymous idea's author can then edit, withdraw or review it where nobody sees
        them type the command.
        """
        return await self.ideas.group_of(idea_id)

    async def idea_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: this group's ideas, newest first, by number, text or status."""
        ideas = reversed(await self.ideas.in_group(ctx.group.id))
        return matching(((f"{i.id} ({i.status}): {i.text}", str(i.id)) for i in ideas), typed)

    @command("idea poll", role=Role.FACILITATOR, autocomplete={"id": idea_choices})
    async def poll(
        self,
        ctx: Context,
        id: IdeaId,
        *options: Annotated[
            str,
            Arg(
                "options (none: a consent decision)",
                0,
                20,
                "OPTION",
                noun=Nn_("{n} option", "{n} options"),
            ),
        ],
        kind: Annotated[Kind, Arg("how people answer")] = "consent",
        closes: Annotated[str | None, Arg("when it closes", metavar="WHEN")] = None,
        review: Annotated[
            str | None, Arg("consent: if adopted, when to ask if it works", metavar="WHEN")
        ] = None,
    ) -> Reply:
        """Open a poll on an idea, in its thread; its result moves the idea."""
        idea = await self.board.idea(ctx.group.id, id)
        if idea.status not in ("proposed", "discussing", "parked"):
            raise UserError(
                _(
                    "Idea {id} is {status}; a poll is for an idea still under discussion.",
                    id=id,
                    status=status_word(idea.status),
                )
            )
        if idea.poll_id is not None and not idea.poll_done:
            raise UserError(
                _(
                    "Idea {id} already has poll {poll_id} open; its result moves the idea. Close "
                    "it first with `!poll close {poll_id}`.",
                    id=id,
                    poll_id=idea.poll_id,
                )
            )
        if kind == "consent" and options:
            raise UserError(
                _("A consent decision has its own options; give none, or --kind single.")
            )
        if review and kind != "consent":
            raise UserError(
                _("A review date goes with a consent decision, which can adopt the idea.")
            )
        question = (
            _("Adopt idea {id}: {text}", id=id, text=idea.text) if kind == "consent" else idea.text
        )
        if len(question) > TITLE:  # a poll's question limit; the whole text is the thread's root
            question = question[: TITLE - 1] + "…"
        tz, now = ctx.settings.timezone, ctx.now()
        closes_at = parse_when(closes, tz, now, day_time=DAY_TIME) if closes else None
        review_at = parse_when(review, tz, now, day_time=DAY_TIME) if review else None
        if review_at is not None and closes_at is not None and review_at <= closes_at:
            raise UserError(
                _(
                    "The review ({stamp}) must come after the poll closes ({stamp2}).",
                    stamp=stamp(review_at),
                    stamp2=stamp(closes_at),
                )
            )
        poll_id, message = await start_poll(
            self.services,
            group_id=ctx.group.id,
            channel_id=idea.channel_id,
            author_id=ctx.user.id,
            question=question,
            options=options,
            kind=kind,
            closes_at=closes_at,
        )

        async def link(tx: aiosqlite.Connection) -> None:
            await self.ideas.link_poll(tx, id, poll_id, review_at)

        if idea.status != "discussing":
            why = _("a decision is open: poll {poll_id}", poll_id=poll_id)
            await self.board.move(idea, "discussing", why, ctx.user.id, also=link)
        else:
            async with self.services.db.transaction() as tx:
                await link(tx)
        await self.services.posting.in_thread(ctx.group.id, idea_key(id), message)
        await self.board.redraw(ctx.group.id, id)
        said = "".join(
            " " + _(what, when=describe(at, tz))
            for what, at in ((CLOSES, closes_at), (REVIEW_AT, review_at))
            if at is not None
        )
        return Reply(
            _(
                "Poll {poll_id} is open in idea {id}'s thread.{said}",
                poll_id=poll_id,
                id=id,
                said=said,
            ),
            private=True,
        )

    @listener(POLL_CLOSED)
    async def poll_closed(self, outcome: PollOutcome) -> None:
        """A decision on an idea ended: move the idea (once, however often this is heard)."""
        idea = await self.ideas.by_poll(outcome.poll_id)
        if idea is None or idea.poll_done:
            return
        n = outcome.poll_id
        target, reason, line = poll_verdict(outcome)
        if target is not None and target != idea.status and target not in NEXT[idea.status]:
            # Someone answered the idea by hand while the poll ran (or its author withdrew it):
            # that answer stands, and the thread says what the poll would have done.
            said = line or reason[0].upper() + reason[1:]
            line = _(
                "{said}. The idea is {status} now, so it stays so.",
                said=said,
                status=status_word(idea.status),
            )
            target = None
        if target is not None and target != idea.status:
            # The review date given with the poll, if the decision adopted it in time.
            review_at = idea.poll_review_at if target == "adopted" else None
            if review_at is not None and review_at <= self.services.clock.now():
                review_at = None
            if not await self.board.move(idea, target, reason, None, review_at, poll_id=n):
                return
        else:
            async with self.services.db.transaction() as tx:
                if not await self.ideas.poll_applied(tx, idea.id, n):
                    return
                if outcome.winners and outcome.kind != "consent":
                    await self.ideas.record(
                        tx, idea.id, self.services.clock.now(), None, idea.status, reason
                    )
            await self.board.redraw(idea.group_id, idea.id)
        if line:
            await self.board.in_thread(idea.group_id, idea.id, line)

    @job(REVIEW)
    async def review_due(self, due: Due) -> None:
        """An adopted idea's review date: ask its facilitators and author whether it works."""
        idea = await self.ideas.get(due.group.id, int(due.row.ref))
        if idea is None or idea.status != "adopted":
            return
        adopted = next(
            (c.at for c in reversed(await self.ideas.history(idea.id)) if c.status == "adopted"),
            idea.changed_at,
        )
        people = await self.services.members.with_role(idea.group_id, Role.FACILITATOR)
        names = await self.board.names(idea.group_id)
        if idea.author_id in names:
            people.append(User(idea.author_id, names[idea.author_id]))

        def ask() -> Reply:  # in each reader's language
            return Reply(
                _(
                    "Idea {idea_id} was adopted on {stamp}: “{text}”. Is it working?",
                    idea_id=idea.id,
                    stamp=stamp(adopted, "D"),
                    text=idea.text[:120],
                ),
                title=_("Time to review an idea"),
                actions=tuple(
                    Action(_(label), "idea review", (str(idea.id), word))
                    for label, word in REVIEW_BUTTONS
                ),
                private=True,
            )

        unique = list({p.id: p for p in people}.values())
        await self.services.nudges.nudge(
            idea.group_id, unique, ask, dedupe=f"idea:{idea.id}:review"
        )

    @command("idea review", autocomplete={"id": idea_choices}, locate=("id", idea_group))
    async def review(
        self,
        ctx: Context,
        id: IdeaId,
        outcome: Annotated[
            Literal["keep", "change", "drop"],
            Arg("what the review decided", said=REVIEW_BUTTONS),  # "Keep" in any language
        ],
    ) -> Reply:
        """Record an adopted idea's review: keep it, change it, or drop it."""
        idea = await self.board.idea(ctx.group.id, id)
        if idea.author_id != ctx.user.id:
            ctx.require(Role.FACILITATOR, _("review someone else's idea"))
        if idea.status != "adopted":
            raise UserError(
                _(
                    "Idea {id} is {status}; only adopted ideas are reviewed.",
                    id=id,
                    status=status_word(idea.status),
                )
            )
        if idea.review_outcome == outcome:
            raise UserError(
                _(
                    "Idea {id}'s review already says {outcome}; pick another to change it.",
                    id=id,
                    outcome=outcome,
                )
            )
        async with self.services.db.transaction() as tx:
            await self.ideas.review(tx, id, outcome)
            await self.ideas.record(
                tx, id, ctx.now(), ctx.user.id, "adopted", _("reviewed: {outcome}", outcome=outcome)
            )
        await self.board.in_thread(ctx.group.id, id, _("Reviewed: {outcome}.", outcome=outcome))
        return Reply(
            _("Idea {id}'s review is recorded: {outcome}.", id=id, outcome=outcome), private=True
        )

    @job(STALE)
    async def stale_due(self, due: Due) -> None:
        """No news of an idea for a while: tell its author it has not been forgotten.

        Talk in its thread or an edit since the row was added puts the look off until the
        idea has been quiet for the whole period; a told author is told again only after
        another quiet period.
        """
        idea = await self.ideas.get(due.group.id, int(due.row.ref))
        if idea is None or idea.status not in ("proposed", "discussing"):
            return
        days = due.group.settings[IDEA_STALE_DAYS]
        last = await self.ideas.last_message_day(idea.id)
        since = quiet_since(idea, last)
        stale = is_stale(idea, last, due.now, days)
        names = await self.board.names(idea.group_id)
        if stale and idea.author_id in names:
            settings = due.group.settings
            note = partial(stale_note, idea.id, days, settings[DIGEST_TO], settings[DIGEST_ON])
            user = User(idea.author_id, names[idea.author_id])
            # Owed before the row is finished, under the row's own key: a re-run after a
            # crash finds it owed already (at least once, nobody twice).
            await self.services.nudges.nudge(
                idea.group_id, [user], note, dedupe=f"idea:{idea.id}:stale:{due.row.id}"
            )
        async with self.services.db.transaction() as tx:
            if await due.finish(tx):
                await self.board.rearm_stale(tx, idea, due.now if stale else since)

    @listener(SETTING_CHANGED)
    async def setting_changed(self, group_id: str, name: str) -> None:
        """A new idea_stale_days counts at once for every open idea, not after the next look."""
        if name != IDEA_STALE_DAYS.name:
            return
        ideas = await self.ideas.in_group(group_id)
        last = await self.records.last_message_days(group_id)
        async with self.services.db.transaction() as tx:
            for idea in ideas:
                if idea.status in ("proposed", "discussing"):
                    await self.board.rearm_stale(tx, idea, quiet_since(idea, last.get(idea.id)))

    @listener(THREAD_MESSAGE)
    async def thread_message(self, group_id: str, key: str, user_id: str, at: datetime) -> None:
        """Count a message in an idea's thread (never its text)."""
        if not key.startswith("idea:") or not key[5:].isdigit():
            return
        if await self.ideas.get(group_id, int(key[5:])) is None:
            return
        async with self.services.db.transaction() as tx:
            await self.ideas.thread_message(tx, int(key[5:]), at.date().isoformat())

    # -- what ideas contribute ------------------------------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """The ideas someone proposed and supports."""
        return exported(*await self.records.of_person(group_id, user_id))

    async def forget_person(
        self, tx: aiosqlite.Connection, group_id: str, user_id: str
    ) -> Forgotten | None:
        """Ideas stay, unnamed; the person's supports go (the counts drop with them)."""
        mine, supported = await self.records.forget(tx, group_id, user_id)
        # Their name is on those ideas' messages: redrawn from what is stored once committed.
        for idea_id in sorted({*mine, *supported}):
            await self.board.redraw(group_id, idea_id)
        return told(len(mine), len(supported))

    @job(REDRAW)
    async def redraw_due(self, due: Due) -> None:
        """Redraw an idea's message (rows scheduled by the last release after a forget)."""
        await self.board.redraw(due.group.id, int(due.row.ref.split(":")[0]))

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Ideas that changed status (with the reason), new ones, those waiting (stale flagged)."""
        ideas = await self.ideas.in_group(group_id)
        group = await self.services.members.group(group_id)
        days = group.settings[IDEA_STALE_DAYS]
        changes = await self.records.changes_between(group_id, since, until)
        last = await self.records.last_message_days(group_id)
        stale = {i.id for i in ideas if is_stale(i, last.get(i.id), until, days)}
        return digest_sections(ideas, changes, stale, since, until)

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Proposing (a named idea), supporting and moving ideas on count as taking part."""
        proposed = await self.records.proposed_between(group_id, since, until)
        supported = await self.records.supports_between(group_id, since, until)
        moved = await self.records.moves_between(group_id, since, until)
        return (
            [Activity(u, at, "proposed an idea") for u, at in proposed]
            + [Activity(u, at, "supported an idea") for u, at in supported]
            + [Activity(u, at, "moved an idea") for u, at in moved]
        )
