"""People: each person's zone, quiet hours and nudge choice, applied by delivery, not by cogs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.errors import UserError
from bot.core.i18n import _, languages
from bot.core.members import Members
from bot.core.settings import SettingValues
from bot.core.timeparse import zone
from storage.db import Database
from storage.people import PeopleRepository, Profile, Rostered

CLOCK = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def read_clock(text: str) -> time:
    """'21:00', '9pm', '7.30am' as a time of day; UserError otherwise."""
    match = CLOCK.match(text)
    if not match:
        raise UserError(
            _("{strip!r} is not a time of day; write it like 21:00 or 9pm.", strip=text.strip())
        )
    hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise UserError(_("{strip!r}: with am/pm the hour is 1 to 12.", strip=text.strip()))
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError(
            _("{strip!r} is not a time of day; hours go 0-23, minutes 0-59.", strip=text.strip())
        )
    return time(hour, minute)


def read_quiet_hours(text: str) -> tuple[str, str]:
    """'21:00-08:00' (or '9pm-8am') as ('21:00', '08:00'); UserError saying the form."""
    start, dash, end = text.partition("-")
    if not dash or not start.strip() or not end.strip():
        raise UserError(
            _(
                "{strip!r} is not a quiet time. Give a start and an end in your zone, e.g. "
                "`!me quiet 21:00-08:00`, or `!me quiet off`.",
                strip=text.strip(),
            )
        )
    begin, until = read_clock(start), read_clock(end)
    if begin == until:
        raise UserError(_("A quiet time needs a start and an end that differ, e.g. 21:00-08:00."))
    return begin.strftime("%H:%M"), until.strftime("%H:%M")


def quiet_end(quiet_from: str, quiet_until: str, tz: ZoneInfo, when: datetime) -> datetime | None:
    """When quiet hours that hold at `when` end (UTC); None if `when` is not inside them."""
    begin, until = time.fromisoformat(quiet_from), time.fromisoformat(quiet_until)
    local = when.astimezone(tz)
    now = local.time().replace(tzinfo=None)
    overnight = begin > until
    inside = (now >= begin or now < until) if overnight else (begin <= now < until)
    if not inside:
        return None
    day = local.date() if now < until else local.date() + timedelta(days=1)
    # Built from the wall-clock date and time, so a change of daylight saving in between
    # still ends the quiet time at 08:00 local, not an hour off.
    end = datetime.combine(day, until, tzinfo=tz)
    if end <= when:  # the autumn's repeated hour, second time round: its later reading
        end = end.replace(fold=1)
    return end.astimezone(when.tzinfo)


@dataclass(frozen=True)
class Reach:
    """Whether and when someone may be nudged: never (opted out) or at a time."""

    at: datetime | None
    reason: str = ""


class People:
    """Profiles, and the one rule for when a person may be nudged."""

    def __init__(self, db: Database, members: Members) -> None:
        self.db = db
        self.members = members
        self.repo = PeopleRepository(db.reader)
        # Groups where nobody has chosen a language of their own: everyone there is spoken to
        # in the group's, with no profile read on every command. Only `save` adds a choice.
        self._no_choices: set[str] = set()
        self._saves = 0  # a read that a save overtook must not keep what it read

    async def profile(self, group_id: str, user_id: str) -> Profile:
        """Someone's choices in a group."""
        return await self.repo.get(group_id, user_id)

    async def save(self, profile: Profile) -> None:
        """Store someone's choices (they are a member: the command that changes it saw them)."""
        if profile.language is not None:
            self._saves += 1
            self._no_choices.discard(profile.group_id)
        async with self.db.transaction() as tx:
            await self.repo.save(tx, profile)

    async def roster(self, group_id: str) -> list[Rostered]:
        """Everyone known in a group, with their name, first sight, side and nudge choice."""
        return await self.repo.roster(group_id)

    async def zone_of(self, group_id: str, user_id: str) -> str:
        """The zone to show someone times in: theirs, else their group's."""
        profile = await self.repo.get(group_id, user_id) if group_id else None
        if profile is not None and profile.timezone:
            return profile.timezone
        if not group_id:
            return self.members.default_zone()
        return (await self.members.group(group_id)).settings.timezone

    async def language_of(self, group_id: str, user_id: str | None = None) -> str:
        """The language to speak to someone privately: theirs, else their group's.

        Without a person, the group's language: what its channels are told. A choice whose
        catalogue has since gone falls back the same way.
        """
        if not group_id:  # a private chat that belongs to no group: the configured default
            return SettingValues({}, self.members.defaults).language
        if user_id is not None and await self._choices_in(group_id):
            chosen = (await self.repo.get(group_id, user_id)).language
            if chosen is not None and chosen in languages():
                return chosen
        return (await self.members.group(group_id)).settings.language

    async def _choices_in(self, group_id: str) -> bool:
        """Whether anyone in the group may have a language of their own (kept once it is no)."""
        if group_id in self._no_choices:
            return False
        saves = self._saves
        chosen = await self.repo.languages_chosen(group_id)
        # Kept only by a process alone on its database: another's `save` would not show here.
        if not chosen and saves == self._saves and not self.db.shared:
            self._no_choices.add(group_id)
        return chosen

    async def own_language(self, user_id: str) -> str:
        """Someone's language where no group is known (a private chat with the bot).

        The one they chose in a group of theirs, else their first group's, else the default.
        """
        groups = await self.members.groups_of(user_id)
        for group in groups:
            chosen = (await self.repo.get(group.id, user_id)).language
            if chosen is not None and chosen in languages():
                return chosen
        return groups[0].settings.language if groups else await self.language_of("")

    async def reach(
        self, group_id: str, user_id: str, when: datetime, *, reminder: bool = True
    ) -> Reach:
        """When a nudge meant for `when` may reach someone (None: never, nudges are off).

        Inside their quiet hours it waits until the quiet time ends, in their zone.
        Turning nudges off drops reminders only: what is not one (a concern raised with an
        organiser, the weekly digest) still comes, after quiet hours.
        Answers to their own commands never come here.
        """
        profile = await self.repo.get(group_id, user_id)
        if reminder and not profile.nudges:
            return Reach(None, "nudges off")
        if profile.quiet_from and profile.quiet_until:
            tz = zone(await self.zone_of(group_id, user_id))
            end = quiet_end(profile.quiet_from, profile.quiet_until, tz, when)
            if end is not None:
                return Reach(end, "quiet hours")
        return Reach(when)
