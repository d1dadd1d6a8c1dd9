"""A meeting's timed side: reminders, "Who came?" at its end, and the platform's own event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.core.i18n import _
from bot.core.model import Reply, Role, User
from bot.core.outbox import Compose
from bot.core.scheduler import Due
from bot.core.services import Services
from bot.core.timeparse import stamp
from cogs.meetings._keys import MeetingKey, MeetingRef
from cogs.meetings._parsing import lead_label, read_leads
from cogs.meetings._render import native_event, who_came
from cogs.meetings._schedule import find, next_start, occurrence_key
from cogs.meetings._settings import ENDED, REMIND, REMINDERS, SHOW_NAMES
from storage.engine import Tx
from storage.meetings import Meeting, MeetingRepository


class MeetingTimers:
    """Arming and sending a meeting's reminders and its "Who came?", and telling those coming."""

    def __init__(self, services: Services, meetings: MeetingRepository) -> None:
        self.services = services
        self.db = services.db
        self.meetings = meetings

    async def _names(self, group_id: str) -> dict[str, str]:
        return await self.services.members.names(group_id)

    async def coming(self, meeting_id: int, occurrence: str) -> list[str]:
        """Who said going or maybe to one date, in the order "Who came?" numbers them."""
        rsvps = await self.meetings.rsvps(meeting_id, occurrence)
        return sorted(r.user_id for r in rsvps if r.answer != "no")

    async def arm(self, tx: Tx, meeting: Meeting, start: datetime, now: datetime) -> None:
        """Schedule one occurrence's reminders (those still ahead)."""
        group = await self.services.members.group(meeting.group_id)
        occurrence = MeetingRef(meeting.id, occurrence_key(start))
        for lead in read_leads(group.settings[REMINDERS]):
            due = start - lead
            if due > now:
                ref = replace(occurrence, lead=lead_label(lead)).encode()
                await self.services.scheduler.add(tx, meeting.group_id, REMIND, ref, due, start)
        end = start + timedelta(minutes=meeting.minutes)
        await self.services.scheduler.add(tx, meeting.group_id, ENDED, occurrence.encode(), end)

    async def disarm(self, tx: Tx, meeting: Meeting, start: datetime) -> None:
        group = await self.services.members.group(meeting.group_id)
        now = self.services.clock.now()
        occurrence = MeetingRef(meeting.id, occurrence_key(start))
        for lead in read_leads(group.settings[REMINDERS]):
            ref = replace(occurrence, lead=lead_label(lead)).encode()
            await self.services.scheduler.cancel(tx, REMIND, ref, now)
        await self.services.scheduler.cancel(tx, ENDED, occurrence.encode(), now)

    async def native(
        self, meeting: Meeting, start: datetime | None, cancelled: bool = False
    ) -> None:
        """Keep the platform's own event (Discord's Events) on the next date; None: it is over."""
        event = native_event(meeting, start, cancelled=cancelled) if start else None
        await self.services.posting.calendar(
            meeting.group_id, MeetingKey(meeting.id).encode(), event
        )

    async def tell(self, meeting: Meeting, start: datetime, reply: Compose, why: str) -> None:
        """Privately tell everyone who said going or maybe."""
        rsvps = await self.meetings.rsvps(meeting.id, occurrence_key(start))
        coming = [r.user_id for r in rsvps if r.answer != "no"]
        dedupe = MeetingRef(meeting.id, occurrence_key(start)).nudge(why, meeting.sequence)
        await self.services.nudges.nudge_ids(meeting.group_id, coming, reply, dedupe=dedupe)

    async def remind(self, due: Due) -> None:
        """Remind those going or maybe; the last lead arms the series' next occurrence."""
        ref = MeetingRef.parse(due.row.ref)
        key = ref.occurrence
        meeting = await self.meetings.get(ref.meeting_id)
        start = find(meeting, key) if meeting and not meeting.cancelled_at else None
        skipped = await self.meetings.skips(ref.meeting_id) if meeting else set()
        async with self.db.transaction() as tx:
            if not await due.finish(tx):
                return
        if meeting is None or start is None or key in skipped:
            return  # moved, cancelled or called off since: say nothing

        def reply() -> Reply:  # in each reader's language
            return Reply(
                _(
                    "Reminder: {title} starts {when} ({relative}), {place}.",
                    title=meeting.title,
                    when=stamp(start),
                    relative=stamp(start, "R"),
                    place=meeting.place or _("place to be confirmed"),
                ),
                title=_("Meeting reminder"),
            )

        leads = read_leads(due.group.settings[REMINDERS])
        if await self._nearer_due(ref, leads, start, due.now):
            return  # the bot was down past a nearer reminder too: that one alone is sent
        rsvps = await self.meetings.rsvps(meeting.id, key)
        coming = [r.user_id for r in rsvps if r.answer != "no"]
        last = bool(leads) and ref.lead == lead_label(leads[-1])
        # The last reminder is not held past a meeting inside someone's quiet hours.
        await self.services.nudges.nudge_ids(
            meeting.group_id, coming, reply, dedupe=due.row.ref,
            quiet_too_at=start if last else None,
        )  # fmt: skip

    async def _nearer_due(
        self, ref: MeetingRef, leads: tuple[timedelta, ...], start: datetime, now: datetime
    ) -> bool:
        """Whether a reminder nearer the meeting than this one is due now and still to send."""
        mine = next((lead for lead in leads if lead_label(lead) == ref.lead), None)
        for lead in leads:
            if mine and lead < mine and start - lead <= now:
                nearer = replace(ref, lead=lead_label(lead)).encode()
                if await self.services.scheduler.pending(REMIND, nearer):
                    return True
        return False

    async def ended(self, due: Due) -> None:
        """Ask "Who came?" with those going or maybe to pick from; arm the series' next date."""
        ref = MeetingRef.parse(due.row.ref)
        key = ref.occurrence
        meeting = await self.meetings.get(ref.meeting_id)
        start = find(meeting, key) if meeting and not meeting.cancelled_at else None
        following = None
        async with self.db.transaction() as tx:
            if not await due.finish(tx):
                return
            if meeting and start:
                following = next_start(meeting, start, await self.meetings.skips(meeting.id))
                if following:
                    await self.arm(tx, meeting, following, due.now)
        if meeting and start:
            await self.native(meeting, following)
        if meeting is None or start is None or key in await self.meetings.skips(meeting.id):
            return
        names = await self._names(meeting.group_id)
        coming = [User(u, names.get(u, u)) for u in await self.coming(meeting.id, key)]
        if due.group.settings[SHOW_NAMES]:
            await self.services.posting.post(
                meeting.group_id, meeting.channel_id, who_came(meeting, start, coming)
            )
            return
        # Names are for facilitators only: the list goes to each of them privately.
        staff = await self.services.members.with_role(meeting.group_id, Role.FACILITATOR)
        if staff:
            await self.services.nudges.nudge(
                meeting.group_id,
                staff,
                lambda: replace(who_came(meeting, start, coming), private=True),
                dedupe=ref.nudge("who-came"),
            )
        else:
            await self.services.posting.post(
                meeting.group_id, meeting.channel_id,
                who_came(meeting, start, coming, named=False),
            )  # fmt: skip
