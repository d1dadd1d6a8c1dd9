"""The chat side of mentoring: what people type and what runs on the clock, each handed on.

How someone is in the rounds is `Participation`, answers to pairings `PairingAnswers`,
concerns `Concerns`; `RoundJobs` runs rounds and a pairing's timed steps, and is what the
others share (names, private messages, what someone is told about the next round).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from bot.core.cog import Cog
from bot.core.commands import Arg, command, job, listener
from bot.core.context import Context
from bot.core.i18n import N_
from bot.core.limits import LONG
from bot.core.model import Reply, Role
from bot.core.parts import Activity, DigestSection, Forgotten
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.settings import SettingChanged
from cogs.mentoring._concerns import Concerns
from cogs.mentoring._digest import activity, sections
from cogs.mentoring._jobs import RoundJobs
from cogs.mentoring._pairings import PairingAnswers
from cogs.mentoring._parsing import MAX_CONCERN
from cogs.mentoring._participation import Participation
from cogs.mentoring._people import exported, forgotten
from cogs.mentoring._render import CHECKIN_BUTTONS
from cogs.mentoring._settings import ASK, ASK_AGAIN, CHECKIN, INTRO, LAPSE, ROUND, SETTINGS
from storage.engine import Tx
from storage.mentoring import MentoringRepository
from storage.mentoring_pairings import PairingRepository

EVER, END = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
PairingId = Annotated[int, Arg("the pairing's number", min_value=1)]
Person = Annotated[str, Arg("@someone", metavar="@NAME", person=True)]
RoleName = Literal["mentor", "mentee", "peer"]
CheckinAnswer = Literal["met", "not-yet", "no"]


class Mentoring(Cog):
    """Mentoring pairs across the provider / user line, asked first, with a way out."""

    feature = "mentoring"
    settings = SETTINGS
    tasks: ClassVar[Mapping[str, str]] = {"mentor": N_("Pair up for mentoring")}
    task_order: ClassVar[int] = 40

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.rounds = RoundJobs(services)
        self.opt_ins = self.rounds.opt_ins
        self.pairings = self.rounds.pairings
        self.participation = Participation(services, self.rounds)
        self.answers = PairingAnswers(services, self.rounds)
        self.concerns_raised = Concerns(services, self.rounds)

    async def start(self) -> None:
        """Groups whose config turns scheduled rounds on get their first one armed."""
        await self.rounds.start()

    # -- hooks ------------------------------------------------------------------------------

    async def pairing_group(self, pairing_id: int) -> str | None:
        """The group a pairing belongs to (so its buttons work in a private chat)."""
        pairing = await self.pairings.get(pairing_id)
        return pairing.group_id if pairing else None

    async def pairing_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: your proposed and current pairings, by number or name."""
        return await self.rounds.pairing_choices(ctx, typed)

    # -- opting in ------------------------------------------------------------------------

    @command("mentor join")
    async def join(
        self,
        ctx: Context,
        role: Annotated[RoleName, Arg("how you take part: mentor, mentee or peer")],
        *,
        topics: Annotated[
            str | None,
            Arg(
                'what you would pair for, e.g. "benefits, housing"',
                metavar="TOPICS",
                max_length=LONG,
            ),
        ] = None,
        every: Annotated[
            str | None, Arg("how often you would like a pairing: 2 or 4 weeks", metavar="HOW_OFTEN")
        ] = None,
    ) -> Reply:
        """Opt in to pairing rounds, or change how you are in."""
        return await self.participation.join(ctx, role, topics, every)

    @command("mentor leave")
    async def leave(self, ctx: Context) -> Reply:
        """Opt out of pairing rounds (a pairing under way goes on until you end it)."""
        return await self.participation.leave(ctx)

    @command("mentor pause")
    async def pause(
        self, ctx: Context, length: Annotated[str, Arg("how long, e.g. 4w or 10d")]
    ) -> Reply:
        """Skip pairing rounds for a while."""
        return await self.participation.pause(ctx, length)

    @command("mentor status")
    async def status(self, ctx: Context) -> Reply:
        """Your opt-in, your pairings past and current, and the next round's date."""
        return await self.participation.status(ctx)

    @command("mentor avoid")
    async def avoid(self, ctx: Context, person: Person) -> Reply:
        """Never be paired with someone (private: never shown, never given as a reason)."""
        return await self.participation.avoid(ctx, person, on=True)

    @command("mentor unavoid")
    async def unavoid(self, ctx: Context, person: Person) -> Reply:
        """Take someone off your private avoid list."""
        return await self.participation.avoid(ctx, person, on=False)

    # -- rounds and pairings --------------------------------------------------------------

    @command("mentor round", role=Role.FACILITATOR)
    async def round(
        self,
        ctx: Context,
        *,
        dry_run: Annotated[bool, Arg("show the pairs and scores; change nothing")] = False,
    ) -> Reply:
        """Run a pairing round now (or just show what it would do)."""
        return await self.answers.run_now(ctx, dry_run)

    @command("mentor accept", autocomplete={"id": pairing_choices}, locate=("id", pairing_group))
    async def accept(self, ctx: Context, id: PairingId) -> Reply:
        """Say yes to a proposed pairing."""
        return await self.answers.accept(ctx, id)

    @command("mentor skip", autocomplete={"id": pairing_choices}, locate=("id", pairing_group))
    async def skip(self, ctx: Context, id: PairingId) -> Reply:
        """Skip a proposed pairing this round (nobody is told it was you)."""
        return await self.answers.skip(ctx, id)

    @command("mentor checkin", autocomplete={"id": pairing_choices}, locate=("id", pairing_group))
    async def checkin(
        self,
        ctx: Context,
        id: PairingId,
        answer: Annotated[CheckinAnswer, Arg("did you meet?", said=CHECKIN_BUTTONS)],
    ) -> Reply:
        """Answer "did you two meet?": met, not-yet or no."""
        return await self.answers.checkin(ctx, id, answer)

    @command("mentor end")
    async def end(self, ctx: Context) -> Reply:
        """End your current pairing at once, privately."""
        return await self.answers.end(ctx)

    # -- concerns -------------------------------------------------------------------------

    @command("mentor concern")
    async def concern(
        self,
        ctx: Context,
        text: Annotated[str, Arg("what worries you", metavar="TEXT", max_length=MAX_CONCERN)],
    ) -> Reply:
        """Send a private note to the group's organisers (and nobody else)."""
        return await self.concerns_raised.concern(ctx, text)

    @command("mentor concerns", role=Role.ORGANISER)
    async def concerns(self, ctx: Context) -> Reply:
        """Read the mentoring concerns people have raised (organisers)."""
        return await self.concerns_raised.concerns(ctx)

    @command("mentor followed-up", role=Role.ORGANISER)
    async def followed_up(
        self, ctx: Context, id: Annotated[int, Arg("the concern's number", min_value=1)]
    ) -> Reply:
        """Mark a concern followed up, so the digest stops counting it as waiting."""
        return await self.concerns_raised.followed_up(ctx, id)

    # -- on the clock ---------------------------------------------------------------------

    @listener(SettingChanged)
    async def on_setting(self, event: SettingChanged) -> None:
        """A change to when rounds run takes effect at once."""
        await self.rounds.setting_changed(event.group_id, event.name)

    @job(ROUND)
    async def scheduled_round(self, due: Due) -> None:
        """A scheduled round's time has come."""
        await self.rounds.scheduled_round(due)

    @job(ASK)
    async def ask(self, due: Due) -> None:
        """Ask each person proposed, privately: Accept or Skip this round."""
        await self.rounds.ask(due)

    @job(LAPSE)
    async def lapse(self, due: Due) -> None:
        """No answer from everyone in time: the pairing is skipped this round."""
        await self.rounds.lapse(due)

    @job(INTRO)
    async def intro(self, due: Due) -> None:
        """Everyone accepted: introduce them to each other, each privately, once."""
        await self.rounds.intro(due)

    @job(CHECKIN)
    async def check_in(self, due: Due) -> None:
        """Ask each person of a pairing that started: did you meet?"""
        await self.rounds.check_in(due)

    @job(ASK_AGAIN)
    async def ask_again(self, due: Due) -> None:
        """Someone said "not yet": ask them once more."""
        await self.rounds.ask_again(due)

    # -- what mentoring contributes ---------------------------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """The opt-in, one's own avoid list, pairings and check-ins, notes (not who avoids you)."""
        me = await self.opt_ins.get(group_id, user_id)
        pairings = await self.pairings.of_person(group_id, user_id)
        avoids = await self.opt_ins.avoided_by(group_id, user_id)
        notes = await self.opt_ins.concerns(group_id, user_id)
        ran = [at for _, at in await self.pairings.rounds_run(group_id, EVER, END, user_id)]
        if me is None and not pairings and not avoids and not notes and not ran:
            return None
        names = await self.rounds.names(group_id)
        return {
            **exported(me, pairings, avoids, notes, names, user_id),
            "rounds_run": [at.isoformat() for at in ran],
        }

    async def forget_person(self, tx: Tx, group_id: str, user_id: str) -> Forgotten | None:
        """Erase opt-in, avoid lists, notes; pairings stay as counts without the person."""
        opt_in, avoids, notes = await MentoringRepository(tx).forget(tx, group_id, user_id)
        pairings = await PairingRepository(tx).forget(
            tx, group_id, user_id, self.services.clock.now()
        )
        if not (opt_in or avoids or notes or pairings):
            return None
        return forgotten(opt_in, avoids, notes, pairings)

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Pairs made, started, met and ended early; concerns waiting. Totals only."""
        return await sections(self.opt_ins, self.pairings, group_id, since, until)

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Joining mentoring, running a round, answers to proposals and check-ins."""
        return await activity(self.opt_ins, self.pairings, group_id, since, until)
