"""The outbox: everything the bot says is a row first, in the transaction that decided it.

A command, a job or an inbound event writes what it owes (a post, a thread post, a private
message, an answer, a redraw of a living message, a calendar change) as outbox rows inside
its own transaction; once that commits, the delivery task (bot/core/delivery.py) sends them,
retrying through outages and restarts. So a crash either loses the whole decision (and the
event that asked for it is handled again) or keeps it with every message it owes.

Fan-outs (reminders, announcements) carry a `dedupe` name: each recipient gets one once,
however often the job asking runs. Nudges go through `nudge`, where each person's choices
(quiet hours, nudges off) apply without the feature knowing.

Each message is written in its reader's language: a channel's in the group's, a private one
in the person's own (else the group's). A nudge to many people is composed once for each
language among them, so a feature hands `nudge` a function that composes the message
rather than the message itself; the language it was written in goes with it, so delivery
shows its times in the same language.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta

from bot.core.clock import Clock
from bot.core.i18n import language, speaking
from bot.core.model import Reply, User
from bot.core.outlet import AnswerTo, CalendarEvent
from bot.core.people import People
from bot.core.replies import reply_to_json
from bot.core.scheduler import Due, Scheduler
from storage.db import Database
from storage.outbox import OutboxRepository, Owed

# Scheduled work of the core itself (rows from the last release): deliver what was held.
DELIVER = "outbox_deliver"
# How long a dedupe name is remembered: a fan-out repeated later than this is sent again.
KEPT = timedelta(days=60)

POST, THREAD, DM, ANSWER, REDRAW, CALENDAR = "post", "thread", "dm", "answer", "redraw", "calendar"

# A message, or what composes it in the language being spoken (`lambda: Reply(_("..."))`).
Compose = Callable[[], Reply] | Callable[[], Awaitable[Reply]]


def written(reply: Reply) -> Reply:
    """The reply marked with the language it was composed in (the one spoken now)."""
    return reply if reply.language else dataclasses.replace(reply, language=language())


async def composed(reply: Reply | Compose) -> Reply:
    """A reply as it is, or composed now, marked with the language it is in."""
    if isinstance(reply, Reply):
        return written(reply)
    made = reply()
    if inspect.isawaitable(made):
        made = await made
    assert isinstance(made, Reply)
    return written(made)


def public_lane(group_id: str) -> str:
    """A group's channels: posts, thread posts, answers and redraws go in order."""
    return "#" + group_id


def person_lane(user_id: str) -> str:
    """One person: what they are sent privately goes in order."""
    return "@" + user_id


def calendar_to_json(event: CalendarEvent | None) -> str:
    """A calendar change for the outbox (None: remove the event)."""
    if event is None:
        return "null"
    data = asdict(event)
    data["start"], data["end"] = event.start.isoformat(), event.end.isoformat()
    return json.dumps(data, separators=(",", ":"))


def calendar_from_json(text: str) -> CalendarEvent | None:
    """A calendar change back from the outbox."""
    data = json.loads(text)
    if data is None:
        return None
    data["start"] = datetime.fromisoformat(data["start"])
    data["end"] = datetime.fromisoformat(data["end"])
    return CalendarEvent(**data)


class Outbox:
    """Writes what the bot owes; the delivery task sends it once the transaction commits."""

    def __init__(self, db: Database, people: People, clock: Clock, scheduler: Scheduler) -> None:
        self.db = db
        self.people = people
        self.clock = clock
        self.scheduler = scheduler
        self.repo = OutboxRepository(db.reader)
        self.redraw_delay = timedelta()  # a burst of changes redraws a living message once
        # The delivery task's wake-up, called once the rows are committed.
        self.on_owed: Callable[[], None] = lambda: None
        scheduler.register(DELIVER, self._deliver_due)

    def _owed(self) -> None:
        self.db.on_commit(self.on_owed)

    async def _add(
        self, group_id: str, body: str | None, owed: Sequence[Owed], dedupe: str | None = None
    ) -> None:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            text_id = await self.repo.text(tx, body, now) if body is not None else None
            await self.repo.add(tx, group_id, text_id, owed, now, dedupe)
            self._owed()

    # -- what features and platforms owe --------------------------------------------------

    async def post(
        self, group_id: str, channel_id: str, reply: Reply, *, dedupe: str | None = None
    ) -> None:
        """Say something in a channel (once under `dedupe`, if the caller may run again)."""
        owed = Owed(POST, public_lane(group_id), channel_id, self.clock.now(), key=reply.key)
        await self._add(group_id, reply_to_json(written(reply)), [owed], dedupe)

    async def in_thread(self, group_id: str, key: str, reply: Reply) -> None:
        """Post into the thread on the message kept under `key`."""
        owed = Owed(THREAD, public_lane(group_id), key, self.clock.now(), key=reply.key)
        await self._add(group_id, reply_to_json(written(reply)), [owed])

    async def dm(self, group_id: str, user: User, reply: Reply | Compose) -> None:
        """Reach one person privately now (an answer's follow-up, not a nudge).

        Handed a function, it is composed in the person's language.
        """
        owed = Owed(DM, person_lane(user.id), user.id, self.clock.now(), name=user.name)
        with speaking(None if isinstance(reply, Reply) else await self.language_of(group_id, user)):
            said = await composed(reply)
        await self._add(group_id, reply_to_json(said), [owed])

    async def answer(self, group_id: str, to: AnswerTo, reply: Reply) -> None:
        """Answer a typed command where it was typed (privately if the reply is private)."""
        private = reply.private or to.private_chat
        lane = person_lane(to.user.id) if private else public_lane(group_id)
        owed = Owed(
            ANSWER, lane, to.channel_id, self.clock.now(), to.user.name, to.to_json(), reply.key
        )
        await self._add(group_id, reply_to_json(written(reply)), [owed])

    async def redraw(self, group_id: str, key: str) -> None:
        """Redraw the living message under `key` from what is stored now (coalesced)."""
        owed = Owed(REDRAW, public_lane(group_id), key, self.clock.now() + self.redraw_delay)
        async with self.db.transaction() as tx:
            await self.repo.coalesce(tx, group_id, owed, None, self.clock.now())
            self._owed()

    async def calendar(self, group_id: str, key: str, event: CalendarEvent | None) -> None:
        """Show, change or remove the native calendar event for `key` (the latest wins)."""
        owed = Owed(CALENDAR, public_lane(group_id), key, self.clock.now())
        now = self.clock.now()
        async with self.db.transaction() as tx:
            text_id = await self.repo.text(tx, calendar_to_json(event), now)
            await self.repo.coalesce(tx, group_id, owed, text_id, now)
            self._owed()

    # -- nudges ---------------------------------------------------------------------------

    async def reach_at(
        self, group_id: str, user: User, now: datetime, *, reminder: bool = True
    ) -> datetime | None:
        """When this person may be reached (None: never). The one place this is decided."""
        return (await self.people.reach(group_id, user.id, now, reminder=reminder)).at

    async def language_of(self, group_id: str, user: User) -> str:
        """The language someone is told things privately in."""
        return await self.people.language_of(group_id, user.id)

    async def nudge(
        self,
        group_id: str,
        users: Sequence[User],
        reply: Reply | Compose,
        *,
        dedupe: str,
        quiet_too_at: datetime | None = None,
        reminder: bool = True,
    ) -> int:
        """Reach each person privately; `dedupe` names this nudge, so nobody gets it twice.

        `quiet_too_at`: the time the nudge is about (a meeting's start). Someone whose quiet
        hours cover both now and that time gets it now: held, it would arrive too late.
        `reminder=False` is for what is not a reminder (a concern, the digest): quiet hours
        hold it, but turning nudges off does not drop it. Returns how many can be reached.
        A function is called once for each language among the people reached, in it (a
        Reply as such is sent as it is, in whatever language it was composed).
        """
        now = self.clock.now()
        owed: dict[str, list[Owed]] = {}
        for user in users:
            at = await self.reach_at(group_id, user, now, reminder=reminder)
            if at is not None and at > now and quiet_too_at is not None:
                then = await self.reach_at(group_id, user, quiet_too_at, reminder=reminder)
                if then is not None and then > quiet_too_at:
                    at = now
            if at is not None:
                said_in = "" if isinstance(reply, Reply) else await self.language_of(group_id, user)
                owed.setdefault(said_in, []).append(
                    Owed(DM, person_lane(user.id), user.id, max(at, now), name=user.name)
                )
        for said_in, rows in owed.items():
            with speaking(said_in or None):
                said = await composed(reply)
            await self._add(group_id, reply_to_json(said), rows, dedupe)
        return sum(len(rows) for rows in owed.values())

    async def nudge_ids(
        self,
        group_id: str,
        user_ids: Iterable[str],
        reply: Reply | Compose,
        *,
        dedupe: str,
        quiet_too_at: datetime | None = None,
        reminder: bool = True,
    ) -> int:
        """`nudge` people named by user id: each once, by the name the group knows them by.

        An id the group no longer knows (someone forgotten) is left out.
        """
        names = await self.people.members.names(group_id)
        users = [User(i, names[i]) for i in dict.fromkeys(user_ids) if i in names]
        if not users:
            return 0
        return await self.nudge(
            group_id, users, reply, dedupe=dedupe, quiet_too_at=quiet_too_at, reminder=reminder
        )

    async def _deliver_due(self, due: Due) -> None:
        """Rows of the last release held back by quiet hours: the delivery task sends them."""
        self._owed()

    async def sent_to(self, group_id: str, dedupe: str) -> set[str]:
        """Who has been sent a fan-out."""
        return await self.repo.sent_to(group_id, dedupe)
