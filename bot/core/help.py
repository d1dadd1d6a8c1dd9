"""`!help` and `!help poll`, generated from the command declarations."""

from __future__ import annotations

from typing import Annotated

from bot.core.cog import Cog
from bot.core.commands import Arg, CommandSpec, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import Nn_, _, either
from bot.core.model import Field, Reply, Role
from bot.core.parser import suggest
from bot.core.timeparse import DATE_EXAMPLES, LENGTH_EXAMPLES, WHEN_EXAMPLES

TYPED_LIKE = {"WHEN": WHEN_EXAMPLES, "DATE": DATE_EXAMPLES, "LENGTH": LENGTH_EXAMPLES}


def describe(spec: CommandSpec) -> str:
    """A command's usage line, description and parameters, for `!help poll create`."""
    lines = [f"`{spec.usage()}`", _(spec.description) if spec.description else ""]
    if spec.role.value > 1:
        lines.append(_("For {a} or above.", a=spec.role.a))
    for p in spec.params:
        shown = p.flag_name if p.kind in ("option", "flag") else p.shown
        extra = _(" (one of: {choices})", choices=", ".join(p.choices)) if p.choices else ""
        lines.append(f"- {shown}: {_(p.description)}{extra}")
    kinds = dict.fromkeys(p.shown for p in spec.params if p.shown in TYPED_LIKE)
    # The same examples the refusals give, so help and a refusal never disagree.
    lines += [
        _("{kind} is typed like {typed_like}.", kind=kind, typed_like=TYPED_LIKE[kind])
        for kind in kinds
    ]
    return "\n".join(line for line in lines if line)


# The most a field may hold anywhere it is shown (Discord's limit): longer lists go on in a
# second field rather than being cut.
FIELD_LIMIT = 1024


def _whole_lines(name: str, lines: list[str]) -> list[Field]:
    """Fields of whole lines, each within FIELD_LIMIT; a second is 'NAME (continued)'."""
    fields: list[Field] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > FIELD_LIMIT:
            fields.append(
                Field(name if not fields else _("{name} (continued)", name=name), "\n".join(chunk))
            )
            chunk = []
        chunk.append(line)
    if chunk:
        fields.append(
            Field(name if not fields else _("{name} (continued)", name=name), "\n".join(chunk))
        )
    return fields


class Help(Cog):
    """Explains every command."""

    @command("help")
    async def help(
        self,
        ctx: Context,
        *topic: Annotated[
            str,
            Arg(
                "a command or group",
                min_count=0,
                max_count=3,
                one_box=True,
                noun=Nn_("{n} word", "{n} words"),
            ),
        ],
    ) -> Reply:
        """List the commands, or explain one: !help poll, !help poll create."""
        commands = self.services.commands
        wanted = " ".join(topic).lower().removeprefix("!")
        if not wanted:
            return self._by_task(ctx)
        if wanted in commands:
            return Reply(title=f"!{wanted}", body=describe(commands[wanted]), private=True)
        in_group = [s for s in commands.values() if s.group == wanted and not s.hidden]
        if in_group:
            return Reply(
                title=_("!{wanted} commands", wanted=wanted),
                body="\n\n".join(describe(s) for s in in_group),
                fields=self._settings_part() if wanted == "settings" else (),
                private=True,
            )
        close = suggest(wanted, commands)
        hint = (
            _(" Did you mean {close}?", close=either("!help " + c for c in close)) if close else ""
        )
        raise UserError(
            _(
                "There is no command or group {wanted!r}.{hint} Type !help to see all.",
                wanted=wanted,
                hint=hint,
            )
        )

    def _by_task(self, ctx: Context) -> Reply:
        """The commands the asker's role may use, under the task each is for."""
        tasks: dict[str, list[CommandSpec]] = {}
        usable = [s for s in self.services.commands.values() if s.role <= ctx.role]
        for spec in sorted(usable, key=lambda s: s.task_order):
            if not spec.hidden and spec.group != "help":
                task = _(spec.task) if spec.task else spec.group.capitalize()
                tasks.setdefault(task, []).append(spec)
        fields = tuple(
            field
            for task, specs in tasks.items()
            for field in _whole_lines(task, [f"`!{s.name}`: {_(s.description)}" for s in specs])
        )
        more = "" if ctx.role is Role.ORGANISER else _(" Facilitators and organisers can do more.")
        return Reply(
            title=_("Commands for {a}, by task", a=ctx.role.a),
            body=_(
                "Type `!help GROUP` (e.g. `!help poll`) for the details of a task.{more}", more=more
            ),
            fields=fields,
            private=True,
        )

    def _settings_part(self) -> tuple[Field, ...]:
        """Every declared setting, by the feature that owns it."""
        by_feature: dict[str, list[str]] = {}
        for feature, setting in self.services.settings.by_feature():
            by_feature.setdefault(feature, []).append(f"`{setting.name}`: {_(setting.help)}")
        return tuple(
            Field(_("{feature} settings", feature=feature), "\n".join(lines))
            for feature, lines in by_feature.items()
        )
