"""Answering ideas: moving one on with a reason, a poll that decides it, and its review."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _, either
from bot.core.limits import TITLE
from bot.core.model import Action, Reply, Role, User
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.timeparse import DAY_TIME, describe, parse_when, stamp
from cogs.ideas._board import IdeaBoard
from cogs.ideas._decision import poll_verdict
from cogs.ideas._keys import IdeaKey, IdeaRef
from cogs.ideas._render import status_word
from cogs.ideas._settings import NEXT
from cogs.polls import PollClosed, start_poll
from storage.engine import Tx

# The review's buttons, and the outcome each records (typed, the label means it too).
REVIEW_BUTTONS = ((N_("Keep"), "keep"), (N_("Change"), "change"), (N_("Drop"), "drop"))
# When an idea's poll closes and when its review is, said after "Poll N is open".
CLOSES = N_("It closes {when}.")
REVIEW_AT = N_("The review is {when}.")


class IdeaAnswers:
    """What facilitators do with ideas: answer them, put them to a poll, review them."""

    def __init__(self, services: Services, board: IdeaBoard) -> None:
        self.services = services
        self.board = board
        self.ideas = board.ideas

    async def status(
        self, ctx: Context, id: int, status: str, reason: str | None, review: str | None
    ) -> Reply:
        """Move an idea on, with the reason the group and its author will see."""
        idea = await self.board.idea(ctx.group.id, id)
        allowed = NEXT[idea.status]
        if status not in allowed:
            could = either(allowed) or _("nowhere: it is settled")
            raise UserError(
                _(
                    "Idea {id} is {status}; from there it can go to {could}.",
                    id=id,
                    status=status_word(idea.status),
                    could=could,
                )
            )
        why = " ".join((reason or "").split()) or None
        if status != "discussing" and not why:
            raise UserError(
                _(
                    'Give the reason, e.g. `!idea status {id} {status} --reason "We can fund it '
                    'from April"`.',
                    id=id,
                    status=status,
                )
            )
        if review and status != "adopted":
            raise UserError(_("A review date goes with adopted only."))
        tz = ctx.settings.timezone
        review_at = parse_when(review, tz, ctx.now(), day_time=DAY_TIME) if review else None
        await self.board.move(idea, status, why, ctx.user.id, review_at)
        said = (
            _(" Its review is {describe}.", describe=describe(review_at, tz)) if review_at else ""
        )
        return Reply(
            _("Idea {id} is now {status}.{said}", id=id, status=status_word(status), said=said),
            private=True,
        )

    # -- a poll that decides it -------------------------------------------------------------

    async def poll(
        self,
        ctx: Context,
        id: int,
        options: tuple[str, ...],
        kind: str,
        closes: str | None,
        review: str | None,
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

        async def link(tx: Tx) -> None:
            await self.ideas.link_poll(tx, id, poll_id, review_at)

        if idea.status != "discussing":
            why = _("a decision is open: poll {poll_id}", poll_id=poll_id)
            await self.board.move(idea, "discussing", why, ctx.user.id, also=link)
        else:
            async with self.services.db.transaction() as tx:
                await link(tx)
        await self.services.posting.in_thread(ctx.group.id, IdeaKey(id).encode(), message)
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

    async def poll_closed(self, outcome: PollClosed) -> None:
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

    # -- its review -------------------------------------------------------------------------

    async def review_due(self, due: Due) -> None:
        """An adopted idea's review date: ask its facilitators and author whether it works."""
        idea = await self.ideas.get(due.group.id, IdeaRef.parse(due.row.ref).idea_id)
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
            idea.group_id, unique, ask, dedupe=IdeaKey(idea.id).nudge("review")
        )

    async def review(self, ctx: Context, id: int, outcome: str) -> Reply:
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
