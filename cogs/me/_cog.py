"""The chat side of people: `!me` and what each person sets for themselves."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal

from bot.core.cog import Cog
from bot.core.commands import Arg, command, matching
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _, language_name, languages, speaking
from bot.core.model import Action, Field, File, Reply
from bot.core.people import read_quiet_hours
from bot.core.settings import read_language
from bot.core.timeparse import known_zones, zone_name
from cogs.me._parsing import pick
from cogs.me._settings import CONSTITUENCIES

CONFIRM = "confirm"


class Me(Cog):
    """What the bot knows about you, and how it reaches you."""

    feature = "people"
    tasks: ClassVar[Mapping[str, str]] = {"me": N_("You: how the bot reaches you, and your data")}
    task_order: ClassVar[int] = 60
    settings = (CONSTITUENCIES,)

    @command("me show")
    async def show(self, ctx: Context) -> Reply:
        """What the bot knows about you in this group (only you see it)."""
        p = await self.services.people.profile(ctx.group.id, ctx.user.id)
        zone = p.timezone or _("{timezone} (the group's)", timezone=ctx.settings.timezone)
        quiet = f"{p.quiet_from}-{p.quiet_until}" if p.quiet_from else _("none")
        language = (
            language_name(p.language)
            if p.language
            else _("{language} (the group's)", language=language_name(ctx.settings.language))
        )
        counts = await self.services.features.counts(ctx.group.id, ctx.user.id)
        stored = ", ".join(f"{feature}: {n}" for feature, n in counts.items()) or _("nothing yet")
        return Reply(
            title=_("You in {name}", name=ctx.group.name),
            fields=(
                Field(_("Role"), ctx.role.said, inline=True),
                Field(_("Time zone"), zone, inline=True),
                Field(_("Language"), language, inline=True),
                Field(_("Quiet hours"), quiet, inline=True),
                Field(_("Nudges"), _("on") if p.nudges else _("off"), inline=True),
                Field(_("Constituency"), p.constituency or _("not said"), inline=True),
                Field(_("Stored records"), stored),
            ),
            body=(
                _(
                    "Change these with `!me timezone`, `!me language`, `!me quiet`, `!me "
                    "nudges`, `!me constituency`. `!me export` sends you all of it; `!me "
                    "forget` erases you."
                )
            ),
            private=True,
        )

    async def zone_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: time zones whose name holds what is typed (Berlin, new_york)."""
        wanted = typed.strip().replace(" ", "_")
        zones = sorted(known_zones().values())
        return matching([(_("none (the group's zone)"), "none"), *((z, z) for z in zones)], wanted)

    @command("me timezone", autocomplete={"name": zone_choices})
    async def timezone(
        self, ctx: Context, name: Annotated[str, Arg("an IANA zone, e.g. Europe/Berlin, or none")]
    ) -> Reply:
        """Set the zone the bot shows you times in (none: the group's)."""
        chosen = None if name.strip().lower() in ("none", "group") else zone_name(name)
        await self._change(ctx, timezone=chosen)
        shown = chosen or _("the group's ({timezone})", timezone=ctx.settings.timezone)
        return Reply(_("Your time zone is now {shown}.", shown=shown), private=True)

    async def language_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: the languages with a catalogue, and none (the group's)."""
        offered = [(f"{language_name(c)} ({c})", c) for c in languages()]
        return matching([*offered, (_("none (the group's language)"), "none")], typed)

    @command("me language", autocomplete={"name": language_choices})
    async def language(
        self,
        ctx: Context,
        name: Annotated[str, Arg("en, cy (Cymraeg), or none for the group's language")],
    ) -> Reply:
        """Choose the language the bot writes to you in privately (none: the group's)."""
        chosen = None if name.strip().lower() in ("none", "group") else read_language(name)
        await self._change(ctx, language=chosen)
        speaks = chosen or ctx.settings.language
        with speaking(speaks):  # the answer already in the language chosen
            if chosen is None:
                said = _(
                    "The bot writes to you privately in the group's language now: {language}.",
                    language=language_name(speaks),
                )
            else:
                said = _(
                    "The bot writes to you privately in {language} now. What it posts in "
                    "the group stays in the group's language ({group}).",
                    language=language_name(speaks),
                    group=language_name(ctx.settings.language),
                )
        return Reply(said, private=True, language=speaks)

    @command("me quiet")
    async def quiet(
        self,
        ctx: Context,
        hours: Annotated[str, Arg("e.g. 21:00-08:00 in your zone, or off", metavar="FROM-UNTIL")],
    ) -> Reply:
        """Hold nudges and reminders during these hours (answers to you are never held)."""
        if hours.strip().lower() in ("off", "none"):
            await self._change(ctx, quiet_from=None, quiet_until=None)
            return Reply(_("You have no quiet hours now."), private=True)
        begin, until = read_quiet_hours(hours)
        await self._change(ctx, quiet_from=begin, quiet_until=until)
        zone = await self.services.people.zone_of(ctx.group.id, ctx.user.id)
        return Reply(
            _(
                "Quiet hours {begin}-{until} ({zone}): nudges that fall inside wait until {until}.",
                begin=begin,
                until=until,
                zone=zone,
            ),
            private=True,
        )

    @command("me nudges")
    async def nudges(
        self, ctx: Context, state: Annotated[Literal["on", "off"], Arg("on or off")]
    ) -> Reply:
        """Turn reminders and nudges to you on or off (group announcements still reach you)."""
        await self._change(ctx, nudges=state == "on")
        if state == "on":
            return Reply(_("Nudges are on: the bot will remind you privately."), private=True)
        return Reply(
            _("Nudges are off: no reminders at all. Announcements in the group still reach you."),
            private=True,
        )

    async def constituency_choices(self, ctx: Context, typed: str) -> list[tuple[str, str]]:
        """Autocomplete: the group's constituencies, and none."""
        names = [(n, n) for n in ctx.settings[CONSTITUENCIES]]
        return matching([*names, (_("none (clear it)"), "none")], typed)

    @command("me constituency", autocomplete={"name": constituency_choices})
    async def constituency(
        self, ctx: Context, name: Annotated[str, Arg("one of the group's list, or none")]
    ) -> Reply:
        """Say which side of the service you come from (only counts ever leave the bot)."""
        choices = ctx.settings[CONSTITUENCIES]
        if name.strip().lower() == "none":
            await self._change(ctx, constituency=None)
            return Reply(_("Your constituency is cleared."), private=True)
        if not choices:
            raise UserError(
                _(
                    "This group has no list of constituencies yet. An organiser sets "
                    'one with `!settings set constituencies "service user, provider, '
                    'carer"`.'
                )
            )
        found = pick(name, choices)
        chosen = found.value
        if chosen is None:
            listed = ", ".join(choices)
            raise UserError(
                _(
                    "{strip!r} is not on this group's list: {listed}.{did_you_mean}",
                    strip=name.strip(),
                    listed=listed,
                    did_you_mean=found.did_you_mean(),
                )
            )
        await self._change(ctx, constituency=chosen)
        return Reply(
            _(
                "Your constituency is now {chosen}. Nobody else can see it; only "
                "counts across the group leave the bot.",
                chosen=chosen,
            ),
            private=True,
        )

    @command("me export")
    async def export(self, ctx: Context) -> Reply:
        """Send you, privately, a file with everything the bot stores about you."""
        data = await self.services.features.export(ctx.user.id, ctx.now())
        if not any(_holds_something(part) for part in data["groups"]):
            raise UserError(
                _(
                    "The bot stores nothing about you beyond your name, membership and "
                    "when it first saw you: no choices of yours and no records in any "
                    "feature, so there is nothing to export."
                )
            )
        text = json.dumps(data, indent=2, ensure_ascii=False)
        return Reply(
            _(
                "Everything the bot stores about you, in every group you are in. "
                "Anonymous ballots are not in it: nobody can link them to you."
            ),
            title=_("Your data"),
            files=(File("my-data.json", text.encode(), "application/json"),),
            private=True,
        )

    @command("me forget")
    async def forget(
        self,
        ctx: Context,
        confirm: Annotated[str | None, Arg("type confirm to erase yourself")] = None,
    ) -> Reply:
        """Erase yourself from this group: your profile, membership, reminders and records."""
        if (confirm or "").strip().lower() != CONFIRM:
            return Reply(
                _(
                    "This erases you from this group: your profile, your membership, "
                    "reminders waiting for you, and what every feature keeps about "
                    "you. Results already decided keep their counts, without your "
                    "name. Press the button, or type `!me forget confirm`."
                ),
                title=_("Forget you?"),
                actions=(Action(_("Forget me"), "me forget", (CONFIRM,), style="danger"),),
                private=True,
            )
        told = await self.services.features.forget(ctx.group.id, ctx.user.id)
        if told is None:
            raise UserError(_("The bot has nothing about you in this group."))
        fields = []
        for part in told:
            lines = [_("- erased: {line}", line=line) for line in part.erased]
            lines += [_("- kept: {line}", line=line) for line in part.kept]
            if lines:
                fields.append(Field(part.feature, "\n".join(lines)))
        return Reply(
            _(
                "You are forgotten in this group. If you type a command here "
                "again, you join afresh."
            ),
            title=_("Done"),
            fields=tuple(fields),
            private=True,
        )

    async def _change(self, ctx: Context, **changes: object) -> None:
        profile = await self.services.people.profile(ctx.group.id, ctx.user.id)
        await self.services.people.save(dataclasses.replace(profile, **changes))  # type: ignore[arg-type]


def _holds_something(part: dict[str, object]) -> bool:
    """Whether a group's part of an export has more than the bare membership."""
    profile = part.get("profile")
    chosen = isinstance(profile, dict) and any(
        value not in (None, True) for value in profile.values()
    )
    bare = ("group", "group_id", "first_seen", "profile")
    return chosen or any(key not in bare for key in part)
