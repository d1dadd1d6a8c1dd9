"""Group settings, declared by the feature that owns them; values live in one generic table.

A cog lists its `Setting`s; `!settings`, the `[groups]` part of the config file, the
settings part of `!help` and `config.example.toml` are all generated from the declarations.
A group stores only the values its organisers changed; everything else is the config's
default, or the declaration's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Generic, TypeVar

from bot.core.errors import ConfigError, UserError
from bot.core.events import Event
from bot.core.i18n import N_, Nn_, _, language_name, languages, ngettext, pick_language
from bot.core.i18n import counted as counted_
from bot.core.i18n import unit as unit_
from bot.core.matching import closest
from bot.core.model import Role
from bot.core.timeparse import LONGEST_WAIT, parse_length, whole_units, zone_name

T = TypeVar("T")

NAME = re.compile(r"[a-z][a-z0-9_]{1,39}")
ON = ("on", "true", "yes")
OFF = ("off", "false", "no")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One thing an organiser may change for their group.

    `parse` reads the typed (or stored) text and raises UserError saying what is allowed;
    `show` writes a value back as text, so that `parse(show(v)) == v`.
    """

    name: str
    default: T
    help: str  # marked with N_ where declared; shown as _(setting.help)
    parse: Callable[[str], T]
    show: Callable[[T], str] = str
    role: Role = Role.ORGANISER

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ValueError(f"setting name {self.name!r} must be lower_snake_case")

    def check(self, raw: str) -> str:
        """The canonical text of a typed value; UserError (with the help) if it is not one."""
        try:
            return self.show(self.parse(raw.strip()))
        except UserError as e:
            raise UserError(
                _("{problem} {name}: {help}.", problem=e.message, name=self.name, help=_(self.help))
            ) from None


def choice(name: str, options: tuple[str, ...], default: str, help: str, **kw: Any) -> Setting[str]:
    """A setting with a fixed list of values."""

    def parse(raw: str) -> str:
        found = closest(raw, options)
        if found.value is None:
            raise UserError(
                _(
                    "{raw!r} is not allowed; use one of {options}.{did_you_mean}",
                    raw=raw,
                    options=", ".join(options),
                    did_you_mean=found.did_you_mean(),
                )
            )
        return found.value

    return Setting(name, default, help, parse, **kw)


def switch(name: str, default: bool, help: str, **kw: Any) -> Setting[bool]:
    """An on/off setting."""

    def parse(raw: str) -> bool:
        if raw.lower() in ON:
            return True
        if raw.lower() in OFF:
            return False
        raise UserError(_("{raw!r} is not on or off.", raw=raw))

    return Setting(name, default, help, parse, lambda v: "on" if v else "off", **kw)


def whole(name: str, default: int, help: str, low: int, high: int, **kw: Any) -> Setting[int]:
    """A whole number within limits."""

    def parse(raw: str) -> int:
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            raise UserError(
                _(
                    "{raw!r} is not a whole number from {low} to {high}.",
                    raw=raw,
                    low=low,
                    high=high,
                )
            )
        return int(raw)

    return Setting(name, default, help, parse, **kw)


# What a counted setting says to a value it cannot take, by unit.
_COUNTED = {
    "hours": (
        N_("{raw!r} is not a whole number of hours: give e.g. 24, or 2 days."),
        Nn_(
            "{raw!r} is {length}; give from {low} to {n} hour.",
            "{raw!r} is {length}; give from {low} to {n} hours.",
        ),
    ),
    "days": (
        N_("{raw!r} is not a whole number of days: give e.g. 21, or 3 weeks."),
        Nn_(
            "{raw!r} is {length}; give from {low} to {n} day.",
            "{raw!r} is {length}; give from {low} to {n} days.",
        ),
    ),
}


def counted(
    name: str, default: int, help: str, unit: str, low: int, high: int, **kw: Any
) -> Setting[int]:
    """A whole number of hours or days: typed as a number ("24") or a length ("2 days")."""
    refusals = _COUNTED[unit]

    def parse(raw: str) -> int:
        try:
            length = parse_length(raw, least=timedelta(0), most=LONGEST_WAIT, bare=unit)
        except UserError:
            raise UserError(_(refusals[0], raw=raw)) from None
        n = whole_units(length, unit, name)
        if not low <= n <= high:
            raise UserError(counted_(refusals[1], high, raw=raw, length=unit_(n, unit), low=low))
        return n

    return Setting(name, default, help, parse, **kw)


def text(name: str, default: str | None, help: str, max_length: int = 100) -> Setting[str | None]:
    """Free text, or none."""

    def parse(raw: str) -> str | None:
        if raw.lower() in ("", "none"):
            return None
        if len(raw) > max_length:
            raise UserError(
                ngettext(
                    "That is {n} character; the most is {most}.",
                    "That is {n} characters; the most is {most}.",
                    len(raw),
                    most=max_length,
                )
            )
        return raw

    return Setting(name, default, help, parse, lambda v: v or "none")


def _zone(raw: str) -> str:
    return zone_name(raw)  # the shared check; stored in the canonical spelling


def read_language(raw: str) -> str:
    """A language on offer, by code or name ('cy', 'Cymraeg', 'Welsh'); UserError listing them."""
    code = pick_language(raw)
    if code is None:
        offered = ", ".join(f"{c} ({language_name(c)})" for c in languages())
        raise UserError(
            _(
                "There is no catalogue for {raw!r}, so the bot cannot speak it. The languages "
                "there are: {offered}.",
                raw=raw.strip()[:40],
                offered=offered,
            )
        )
    return code


# The core's own settings; every feature's sit beside them.
TIMEZONE = Setting(
    "timezone", "UTC", N_("the IANA time zone typed times are read in, e.g. Europe/London"), _zone
)
BOT_CHANNEL = text(
    "bot_channel", None, N_("channel where people whose DMs are closed are mentioned (or none)")
)
LANGUAGE = Setting(
    "language",
    "en",
    N_(
        "the language the bot speaks in the group's channels: en, or a language with a "
        "catalogue, e.g. cy for Welsh (each person may choose their own with !me language)"
    ),
    read_language,
)
CORE = "core"


@dataclass(frozen=True)
class SettingChanged(Event):
    """An organiser's change to a group's setting is stored (features re-arm timers on it)."""

    group_id: str
    name: str


@dataclass
class SettingValues:
    """One group's settings: what it changed, else the configured default, else the declared."""

    stored: Mapping[str, str]
    defaults: Mapping[str, str] = field(default_factory=dict)
    _parsed: dict[str, Any] = field(default_factory=dict, repr=False)

    def __getitem__(self, setting: Setting[T]) -> T:
        if setting.name not in self._parsed:
            raw = self.stored.get(setting.name, self.defaults.get(setting.name))
            try:
                value = setting.default if raw is None else setting.parse(raw)
            except UserError:  # a value a newer bot wrote, or a declaration that tightened
                value = setting.default
            self._parsed[setting.name] = value
        result: T = self._parsed[setting.name]
        return result

    @property
    def timezone(self) -> str:
        """The group's zone, which platforms need to show times."""
        return self[TIMEZONE]

    @property
    def language(self) -> str:
        """The language of the group's posts, and of private messages to those who chose none."""
        return self[LANGUAGE]

    @property
    def bot_channel(self) -> str | None:
        """Where to mention people whose direct messages are closed."""
        return self[BOT_CHANNEL]


class SettingsRegistry:
    """Every declared setting, by name, with the feature that owns it."""

    def __init__(self) -> None:
        self._by_name: dict[str, tuple[str, Setting[Any]]] = {}

    def add(self, feature: str, settings: Iterable[Setting[Any]]) -> None:
        """Declare a feature's settings; a name may be declared once."""
        for setting in settings:
            if setting.name in self._by_name:
                raise ValueError(f"setting {setting.name!r} is declared twice")
            self._by_name[setting.name] = (feature, setting)

    def get(self, name: str) -> Setting[Any] | None:
        """A setting by name."""
        found = self._by_name.get(name.strip().lower())
        return found[1] if found else None

    def names(self) -> list[str]:
        """Every setting's name, core first, then by feature."""
        return [name for _, s in self.by_feature() for name in [s.name]]

    def by_feature(self) -> list[tuple[str, Setting[Any]]]:
        """(feature, setting), core first, then features in the order they were added."""
        items = list(self._by_name.values())
        return [i for i in items if i[0] == CORE] + [i for i in items if i[0] != CORE]

    def defaults_from_config(self, groups: Mapping[str, Any]) -> dict[str, str]:
        """Check the config's `[groups]` (and `[groups.FEATURE]`) tables; canonical texts."""
        found: dict[str, str] = {}
        features = {feature for feature, _ in self._by_name.values()}
        for key, raw in groups.items():
            if isinstance(raw, dict):
                if key not in features - {CORE}:
                    known = ", ".join(f"groups.{f}" for f in sorted(features - {CORE}))
                    raise ConfigError(f"config: unknown table [groups.{key}]. Known: {known}.")
                for name, value in raw.items():
                    found.update(self._config_value(f"groups.{key}.", name, value, key))
            else:
                found.update(self._config_value("groups.", key, raw, None))
        return found

    def _config_value(
        self, prefix: str, name: str, raw: Any, feature: str | None
    ) -> dict[str, str]:
        entry = self._by_name.get(name)
        if entry is None or (feature is not None and entry[0] != feature):
            known = ", ".join(prefix + s.name for f, s in self.by_feature() if feature in (None, f))
            raise ConfigError(f"config: unknown key {prefix}{name}. Known keys here: {known}.")
        setting = entry[1]
        if isinstance(raw, bool):
            text_value = "on" if raw else "off"
        elif isinstance(raw, (int, str)):
            text_value = str(raw)
        else:
            raise ConfigError(f"config: {prefix}{name} = {raw!r} is not allowed: {setting.help}.")
        try:
            return {name: setting.check(text_value)}
        except UserError as e:
            raise ConfigError(f"config: {prefix}{name} = {raw!r}: {e.message}") from None

    def example_toml(self) -> str:
        """The `[groups]` part of config.example.toml, generated from the declarations."""
        lines = [
            "# Settings every new group starts with. An organiser changes them for their own",
            "# group with `!settings set NAME VALUE`. Each feature's settings may also sit in",
            "# a table of their own, e.g. [groups.polls].",
            "[groups]",
        ]
        feature_now = CORE
        for feature, setting in self.by_feature():
            if feature != feature_now:
                lines += ["", f"[groups.{feature}]"]
                feature_now = feature
            lines.append(f"# {setting.help[0].upper()}{setting.help[1:]}.")
            shown = _toml_value(setting, setting.default)
            lines.append(f"{setting.name} = {shown}" if shown else f"# {setting.name} = ...")
        return "\n".join(lines) + "\n"


def _toml_value(setting: Setting[Any], value: Any) -> str:
    if value is None or value == ():
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + setting.show(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
