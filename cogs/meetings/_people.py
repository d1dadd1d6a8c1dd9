"""What meetings keep about people: their part of `!me export`, `!me forget` and the digest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite

from bot.core.cog import Cog
from bot.core.digest_slots import DigestSlot
from bot.core.i18n import _, ngettext
from bot.core.registry import Activity, DigestSection, Forgotten
from bot.core.timeparse import stamp
from cogs.meetings._render import digest_lines
from cogs.meetings._schedule import occurrence_key
from storage.meetings import Meeting, MeetingRepository
from storage.meetings_plans import PlanRepository


class MeetingRecords(Cog):
    """Export, forget, the digest's lines and who took part, for the meetings cog."""

    meetings: MeetingRepository
    plans: PlanRepository

    async def _next(self, meeting: Meeting, now: datetime) -> datetime | None:
        raise NotImplementedError

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """Someone's answers to meetings and to finding a time, and contribution entries."""
        answers = await self.meetings.rsvps_of(group_id, user_id)
        slots = await self.plans.answers_of(group_id, user_id)
        meetings_set_up = await self.meetings.set_up_by(group_id, user_id)
        plans_set_up = await self.plans.set_up_by(group_id, user_id)
        far = datetime(1970, 1, 1, tzinfo=UTC)
        entries = await self.meetings.entries(
            group_id, far, far + timedelta(days=365 * 200), user_id
        )
        if not (answers or slots or entries or meetings_set_up or plans_set_up):
            return None
        return {
            "rsvps": [{"meeting": m, "occurrence": r.occurrence, "answer": r.answer}
                      for m, r in answers],
            "plan_answers": [{"plan": p, "slot": n, "starts_at": at.isoformat(), "answer": a}
                             for p, n, at, a in slots],
            "meetings_set_up": meetings_set_up,
            "plans_set_up": plans_set_up,
            "contributions": [{"number": e.id, "minutes": e.minutes, "what": e.what,
                               "state": e.state, "worked_at": e.worked_at.isoformat()}
                              for e in entries],
        }  # fmt: skip

    async def forget_person(
        self, tx: aiosqlite.Connection, group_id: str, user_id: str
    ) -> Forgotten | None:
        """Answers and unconfirmed entries go; confirmed hours stay, unnamed, in totals."""
        answers, dropped, kept = await self.meetings.forget(tx, group_id, user_id)
        slots = await self.plans.forget(tx, group_id, user_id)
        if not (answers or slots or dropped or kept):
            return None
        erased = []
        if answers:
            erased.append(ngettext("{n} meeting answer", "{n} meeting answers", answers))
        if slots:
            erased.append(
                ngettext("{n} answer to finding a time", "{n} answers to finding a time", slots)
            )
        if dropped:
            erased.append(
                ngettext(
                    "{n} unconfirmed contribution entry",
                    "{n} unconfirmed contribution entries",
                    dropped,
                )
            )
        confirmed = ngettext(
            "{n} confirmed contribution entry, as unnamed hours in the group's totals",
            "{n} confirmed contribution entries, as unnamed hours in the group's totals",
            kept,
        )
        return Forgotten("meetings", erased=tuple(erased), kept=(confirmed,) if kept else ())

    async def digest(self, group_id: str, since: datetime, until: datetime) -> list[DigestSection]:
        """Upcoming meetings with RSVP counts, and entries waiting for a facilitator."""
        lines = []
        for meeting in await self.meetings.in_group(group_id):
            start = await self._next(meeting, until)
            if start and start < until + timedelta(days=7):
                rsvps = await self.meetings.rsvps(meeting.id, occurrence_key(start))
                counts = {a: sum(r.answer == a for r in rsvps) for a in ("going", "maybe", "no")}
                lines.append(
                    _(
                        "{title}, {when}: {going} going, {maybe} maybe, {no} can't",
                        title=meeting.title,
                        when=stamp(start),
                        going=counts["going"],
                        maybe=counts["maybe"],
                        no=counts["no"],
                    )
                )
        entries = await self.meetings.entries(group_id, since, until)
        lines += digest_lines(entries, len(await self.meetings.waiting(group_id)))
        return (
            [DigestSection(_("Meetings"), tuple(lines), order=DigestSlot.MEETING)] if lines else []
        )

    async def activity(self, group_id: str, since: datetime, until: datetime) -> list[Activity]:
        """Who answered, came, logged time or facilitated (set up a meeting or plan), and when.

        A facilitator who ran the week took part in it: without this, the digest listed them
        as gone quiet.
        """
        found = await self.meetings.answered_since(group_id, since, until)
        worked = await self.meetings.worked_since(group_id, since, until)
        set_up = await self.meetings.set_up_since(group_id, since, until)
        planned = await self.plans.activity_since(group_id, since, until)
        return (
            [Activity(user_id, at, "answered a meeting") for user_id, at in found]
            + [
                Activity(user_id, at, "came to a meeting" if came else "logged time")
                for user_id, at, came in worked
            ]
            + [Activity(user_id, at, "set up a meeting") for user_id, at in set_up]
            + [
                Activity(user_id, at, "set up a plan" if made else "answered a plan")
                for user_id, at, made in planned
            ]
        )
