"""The chat side of meetings: what people type and what runs on the clock, each handed on.

Meetings themselves are `MeetingCalendar`, finding a time `MeetingPlans`, who came
`Attendance`, the contribution log `ContribLog`; reminders and "Who came?" are
`MeetingTimers`, which the others arm.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, ClassVar

from bot.core.cog import Cog
from bot.core.commands import Arg, command, job
from bot.core.context import Context
from bot.core.i18n import N_, Nn_
from bot.core.limits import LONG, TITLE
from bot.core.model import Reply, Role
from bot.core.parts import Activity, DigestSection, Forgotten
from bot.core.scheduler import Due
from bot.core.services import Services
from cogs.meetings._attendance import Attendance
from cogs.meetings._calendar import MeetingCalendar
from cogs.meetings._contrib import ContribLog
from cogs.meetings._digest import activity, sections
from cogs.meetings._people import exported, forgotten
from cogs.meetings._plans import MeetingPlans
from cogs.meetings._render import ANSWER_BUTTONS
from cogs.meetings._settings import ENDED, PLAN_CLOSE, REMIND, SETTINGS
from cogs.meetings._slots import MAX_SLOTS
from cogs.meetings._timers import MeetingTimers
from storage.engine import Tx
from storage.meetings import MeetingRepository
from storage.meetings_plans import PlanRepository

MeetingId = Annotated[int, Arg("the meeting's number", min_value=1)]
PlanId = Annotated[int, Arg("the plan's number", min_value=1)]
EntryId = Annotated[int, Arg("the entry's number", label="entry", min_value=1)]


class Meetings(Cog):
    """Meetings the group holds, who comes, and the time people give."""

    group_descriptions: ClassVar[Mapping[str, str]] = {
        "meeting": N_("Meetings the group holds: times, who is coming, who came."),
        "contrib": N_("Time people give the group: log it, and a facilitator confirms it."),
    }

    feature = "meetings"
    settings = SETTINGS
    tasks: ClassVar[Mapping[str, str]] = {
        "meeting": N_("Meet: find a time, answer, say who came"),
        "contrib": N_("Log the time you give"),
    }
    task_order: ClassVar[int] = 30

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.meetings = MeetingRepository(services.db.reader)
        self.plans = PlanRepository(services.db.reader)
        self.timers = MeetingTimers(services, self.meetings)
        self.calendar = MeetingCalendar(services, self.meetings, self.plans, self.timers)
        self.planning = MeetingPlans(
            services, self.meetings, self.plans, self.calendar, self.timers
        )
        self.attendance = Attendance(services, self.meetings, self.calendar, self.timers)
        self.contrib = ContribLog(services, self.meetings)

    # -- hooks ------------------------------------------------------------------------------

    async def meeting_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: this group's meetings not called off, newest first."""
        return await self.calendar.choices(ctx, typed)

    async def plan_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: this group's plans still looking for a time, newest first."""
        return await self.planning.choices(ctx, typed)

    async def entry_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: the entries waiting for a facilitator, by number, person or what."""
        return await self.contrib.choices(ctx, typed)

    # -- meetings ---------------------------------------------------------------------------

    @command("meeting add", role=Role.FACILITATOR)
    async def add(
        self,
        ctx: Context,
        title: Annotated[str, Arg("what the meeting is", max_length=TITLE)],
        when: Annotated[str, Arg("when it starts, e.g. 'tuesday 18:00'")],
        *,
        length: Annotated[str, Arg("how long, e.g. 90m or 2h", metavar="LENGTH")] = "60m",
        where: Annotated[str | None, Arg("a room or a link", metavar="PLACE")] = None,
        every: Annotated[str | None, Arg("week, 2 weeks or month", metavar="HOW_OFTEN")] = None,
        until: Annotated[str | None, Arg("the last day of a series", metavar="DATE")] = None,
    ) -> Reply:
        """Post a meeting (or a series) people can answer Going / Maybe / Can't."""
        return await self.calendar.add(ctx, title, when, length, where, every, until)

    @command("meeting list")
    async def list_meetings(self, ctx: Context) -> Reply:
        """The meetings coming up, and the plans still finding a time."""
        return await self.calendar.listed(ctx)

    @command("meeting show", autocomplete={"id": meeting_choices})
    async def show(self, ctx: Context, id: MeetingId) -> Reply:
        """A meeting's next date, place and answers."""
        await self.calendar.meeting(ctx, id)
        return await self.calendar.living(id)

    @command("meeting rsvp", autocomplete={"id": meeting_choices})
    async def rsvp(
        self,
        ctx: Context,
        id: MeetingId,
        answer: Annotated[
            str,
            Arg("going, maybe or no", offered=("going", "maybe", "no"), said=ANSWER_BUTTONS),
        ],
    ) -> Reply:
        """Say whether you are coming to the next occurrence."""
        return await self.calendar.rsvp(ctx, id, answer)

    @command("meeting move", role=Role.FACILITATOR, autocomplete={"id": meeting_choices})
    async def move(
        self, ctx: Context, id: MeetingId, when: Annotated[str, Arg("the new start")]
    ) -> Reply:
        """Move a meeting (a series: from its next date on); those coming are told."""
        return await self.calendar.move(ctx, id, when)

    @command("meeting cancel", role=Role.FACILITATOR, autocomplete={"id": meeting_choices})
    async def cancel(
        self,
        ctx: Context,
        id: MeetingId,
        *,
        reason: Annotated[
            str | None, Arg("why, told to those coming", metavar="TEXT", max_length=LONG)
        ] = None,
        next_only: Annotated[bool, Arg("a series: call off only its next date")] = False,
    ) -> Reply:
        """Call off a meeting, a series, or a series' next date; those coming are told."""
        return await self.calendar.cancel(ctx, id, reason, next_only)

    @command("meeting ics", autocomplete={"id": meeting_choices})
    async def calendar_file(self, ctx: Context, id: MeetingId) -> Reply:
        """A calendar file for the meeting (a series repeats in your calendar)."""
        meeting = await self.calendar.meeting(ctx, id)
        return await self.calendar.ics(meeting)

    @job(REMIND)
    async def remind(self, due: Due) -> None:
        """Remind those going or maybe; the last lead arms the series' next occurrence."""
        await self.timers.remind(due)

    @job(ENDED)
    async def ended(self, due: Due) -> None:
        """Ask "Who came?" with those going or maybe to pick from; arm the series' next date."""
        await self.timers.ended(due)

    # -- finding a time ---------------------------------------------------------------------

    @command("meeting plan", role=Role.FACILITATOR)
    async def plan(
        self,
        ctx: Context,
        title: Annotated[str, Arg("what the meeting is", max_length=TITLE)],
        *slots: Annotated[
            str,
            Arg(
                "2 to 10 times, e.g. 'tue 18:00'",
                min_count=2,
                max_count=MAX_SLOTS,
                metavar="WHEN",
                noun=Nn_("{n} time", "{n} times"),
            ),
        ],
        length: Annotated[str, Arg("how long, e.g. 90m", metavar="LENGTH")] = "60m",
        closes: Annotated[str | None, Arg("when the best slot is picked", metavar="WHEN")] = None,
    ) -> Reply:
        """Ask the group which of several times suits them (yes / if need be / no)."""
        return await self.planning.plan(ctx, title, slots, length, closes)

    @command("meeting times", autocomplete={"id": plan_choices})
    async def times(self, ctx: Context, id: PlanId) -> Reply:
        """A plan still finding a time: its times and the answers so far."""
        return await self.planning.times(ctx, id)

    @command("meeting avail", autocomplete={"id": plan_choices})
    async def avail(
        self,
        ctx: Context,
        id: PlanId,
        *answers: Annotated[
            str,
            Arg(
                "SLOT=yes|maybe|no for each slot",
                min_count=1,
                max_count=3 * MAX_SLOTS,  # three words for "3=if need be"
                metavar="ANSWER",
                label="slot",
                offered=("yes", "maybe", "no"),
                numbered=MAX_SLOTS,
                noun=Nn_("{n} answer", "{n} answers"),
            ),
        ],
    ) -> Reply:
        """Say which of a plan's times you can come to."""
        return await self.planning.avail(ctx, id, answers)

    @command("meeting pick", role=Role.FACILITATOR, autocomplete={"id": plan_choices})
    async def pick(
        self,
        ctx: Context,
        id: PlanId,
        slot: Annotated[int, Arg("the slot's number", min_value=1, max_value=MAX_SLOTS)],
    ) -> Reply:
        """Choose a plan's time: it becomes a meeting, answers carried over as RSVPs."""
        return await self.planning.pick(ctx, id, slot)

    @job(PLAN_CLOSE)
    async def close_plan(self, due: Due) -> None:
        """At --closes the best slot is picked and announced."""
        await self.planning.close(due)

    # -- who came ---------------------------------------------------------------------------

    @command("meeting attended", role=Role.FACILITATOR, autocomplete={"id": meeting_choices})
    async def attended(
        self,
        ctx: Context,
        id: MeetingId,
        *people: Annotated[
            str,
            Arg(
                "who came, e.g. @sam",
                min_count=1,
                max_count=50,
                metavar="PERSON",
                label="person",
                person=True,
                noun=Nn_("{n} person", "{n} people"),
            ),
        ],
    ) -> Reply:
        """Record who came to the latest occurrence (confirmed hours for each)."""
        return await self.attendance.attended(ctx, id, people)

    @command("meeting came", role=Role.FACILITATOR, hidden=True)
    async def came(
        self,
        ctx: Context,
        id: Annotated[int, Arg("the meeting's number")],
        occurrence: Annotated[str, Arg("the date asked about, its UTC start: 2026-12-01T18:00")],
        picks: Annotated[str, Arg("who came, by their numbers on the list: 1,3")],
        *,
        of: Annotated[
            int | None, Arg("how many the list had when it was asked", min_value=1)
        ] = None,
    ) -> Reply:
        """Record who came by their numbers in "Who came?" (what its menu sends)."""
        return await self.attendance.came(ctx, id, occurrence, picks, of)

    @command("meeting here", autocomplete={"id": meeting_choices})
    async def here(self, ctx: Context, id: MeetingId) -> Reply:
        """Mark yourself present, during a meeting or up to a day after (a facilitator confirms)."""
        return await self.attendance.here(ctx, id)

    # -- the contribution log ---------------------------------------------------------------

    @command("contrib log")
    async def log(
        self,
        ctx: Context,
        length: Annotated[str, Arg("how long, e.g. 2h or 45m")],
        what: Annotated[str, Arg("what you did", max_length=LONG)],
    ) -> Reply:
        """Log time you gave the group; a facilitator confirms it."""
        return await self.contrib.log(ctx, length, what)

    @command("contrib confirm", role=Role.FACILITATOR, autocomplete={"n": entry_choices})
    async def confirm(self, ctx: Context, n: EntryId) -> Reply:
        """Confirm a self-reported entry (it counts in reports)."""
        return await self.contrib.confirm(ctx, n)

    @command("contrib query", role=Role.FACILITATOR, autocomplete={"n": entry_choices})
    async def query(
        self,
        ctx: Context,
        n: EntryId,
        *,
        reason: Annotated[str | None, Arg("what to check", metavar="TEXT", max_length=LONG)] = None,
    ) -> Reply:
        """Ask about an entry before confirming it."""
        return await self.contrib.query(ctx, n, reason)

    @command("contrib me")
    async def mine(self, ctx: Context) -> Reply:
        """Your hours per month (confirmed, and waiting)."""
        return await self.contrib.mine(ctx)

    @command("contrib waiting", role=Role.FACILITATOR)
    async def waiting(self, ctx: Context) -> Reply:
        """Entries waiting for a facilitator to confirm them (or queried, and not settled)."""
        return await self.contrib.waiting(ctx)

    @command("contrib report", role=Role.ORGANISER)
    async def report(
        self,
        ctx: Context,
        *,
        from_: Annotated[
            str | None, Arg("first day, e.g. 2026-11-01", metavar="DATE", label="from")
        ] = None,
        to: Annotated[str | None, Arg("last day, e.g. 30 nov 2026", metavar="DATE")] = None,
    ) -> Reply:
        """A CSV of confirmed hours per person, with a summary per constituency (last month)."""
        return await self.contrib.report(ctx, from_, to)

    # -- what meetings contribute -----------------------------------------------------------

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """Someone's answers to meetings and to finding a time, and contribution entries."""
        far = datetime(1970, 1, 1, tzinfo=UTC)
        return exported(
            await self.meetings.rsvps_of(group_id, user_id),
            await self.plans.answers_of(group_id, user_id),
            await self.meetings.set_up_by(group_id, user_id),
            await self.plans.set_up_by(group_id, user_id),
            await self.meetings.entries(group_id, far, far + timedelta(days=365 * 200), user_id),
        )

    async def forget_person(self, tx: Tx, group_id: str, user_id: str) -> Forgotten | None:
        """Answers and unconfirmed entries go; confirmed hours stay, unnamed, in totals."""
        answers, dropped, kept = await self.meetings.forget(tx, group_id, user_id)
        slots = await self.plans.forget(tx, group_id, user_id)
        return forgotten(answers, slots, dropped, kept)

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Upcoming meetings with RSVP counts, and entries waiting for a facilitator."""
        return await sections(self.calendar, group_id, since, until)

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Who answered, came, logged time or facilitated (set up a meeting or plan), and when."""
        return await activity(self.meetings, self.plans, group_id, since, until)
