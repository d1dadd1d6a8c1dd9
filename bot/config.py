"""Reads config.toml into typed, frozen objects; a bad key stops start-up, named."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from bot.core.errors import ConfigError


@dataclass(frozen=True)
class ShellConfig:
    """The terminal shell."""

    user: str = "you"
    role: Literal["participant", "facilitator", "organiser"] = "organiser"


@dataclass(frozen=True)
class DiscordConfig:
    """Discord: the token comes from the environment variable named here."""

    token_env: str = "DISCORD_TOKEN"
    facilitator_roles: tuple[str, ...] = ("Facilitator",)
    organiser_roles: tuple[str, ...] = ("Organiser",)
    members_intent: bool = False
    # Sharding across processes: the total number of shards, and this process's shards.
    shard_count: int = 0
    shard_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MatrixConfig:
    """Matrix: secrets come from the environment variables named here."""

    homeserver: str = ""
    user_id: str = ""
    access_token_env: str = ""
    password_env: str = ""
    device_name: str = "coproduction-bot"
    invite_allowlist: tuple[str, ...] = ()
    facilitator_power: int = 50
    organiser_power: int = 100
    # The private rooms the bot makes (one per person) are end-to-end encrypted.
    encrypt_private_rooms: bool = True
    # Environment variable holding the recovery key: cross-signing and key backup.
    recovery_key_env: str = ""
    # False for every process but one on a shared database: it runs scheduled work only.
    sync: bool = True


@dataclass(frozen=True)
class Config:
    """The whole configuration."""

    platform: Literal["shell", "discord", "matrix"] = "shell"
    # A SQLite file, or a PostgreSQL address ("postgresql://coprod@localhost/coprod"; the
    # password, if any, from the environment's PGPASSWORD, never this file).
    database: str = "coprod.sqlite3"
    # Where anonymous polls' keys are kept, never in the database: by default beside a
    # SQLite file, or coprod.keys in the working folder for PostgreSQL.
    keys: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Group settings' defaults, `[groups]` and `[groups.FEATURE]`: checked against what the
    # features declare when the bot is built (bot/app.py), since this file knows no feature.
    groups: Mapping[str, Any] = field(default_factory=dict)
    shell: ShellConfig = field(default_factory=ShellConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    matrix: MatrixConfig = field(default_factory=MatrixConfig)


def _describe(hint: Any) -> str:
    if get_origin(hint) is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(hint))
    if get_origin(hint) is tuple:
        return "a list of " + _describe(get_args(hint)[0]) + "s"
    if get_origin(hint) in (typing.Union, types.UnionType):
        return " or ".join(_describe(a) for a in get_args(hint) if a is not type(None))
    return {str: "a string", int: "a whole number", bool: "true or false"}.get(hint, str(hint))


def _value(key: str, hint: Any, raw: Any) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(hint) if a is not type(None)]
        return _value(key, inner[0], raw)
    ok: bool
    if origin is Literal:
        ok = raw in get_args(hint)
    elif origin is tuple:
        if isinstance(raw, list):
            return tuple(_value(f"{key}[{i}]", get_args(hint)[0], v) for i, v in enumerate(raw))
        ok = False
    elif hint is int:
        ok = isinstance(raw, int) and not isinstance(raw, bool)
    else:
        ok = isinstance(raw, hint)
    if not ok:
        raise ConfigError(f"config: {key} = {raw!r} is not allowed; use {_describe(hint)}.")
    return raw


def _build(cls: type, data: dict[str, Any], prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    values = {}
    for key, raw in data.items():
        dotted = f"{prefix}{key}"
        if key not in fields:
            known = ", ".join(prefix + k for k in fields)
            raise ConfigError(f"config: unknown key {dotted}. Known keys here: {known}.")
        hint = hints[key]
        if get_origin(hint) is Mapping:
            if not isinstance(raw, dict):
                raise ConfigError(f"config: {dotted} must be a table ([{dotted}]).")
            values[key] = raw
        elif dataclasses.is_dataclass(hint):
            if not isinstance(raw, dict):
                raise ConfigError(f"config: {dotted} must be a table ([{dotted}]).")
            values[key] = _build(hint, raw, dotted + ".")  # type: ignore[arg-type]
        else:
            values[key] = _value(dotted, hint, raw)
    return cls(**values)


_MATRIX_USER = re.compile(r"@[^:\s]+:[^\s]+")


def _check_matrix(matrix: MatrixConfig) -> None:
    """Values that parse but cannot work: caught here rather than as retries for ever."""
    if matrix.user_id and not _MATRIX_USER.fullmatch(matrix.user_id):
        raise ConfigError(
            f"config: matrix.user_id = {matrix.user_id!r} is not a Matrix user id; "
            'write it in full, e.g. "@coprod:example.org".'
        )
    if matrix.homeserver:
        url = urlsplit(matrix.homeserver)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ConfigError(
                f"config: matrix.homeserver = {matrix.homeserver!r} is not a URL; "
                'write it with its scheme, e.g. "https://matrix.example.org".'
            )
    if not 0 <= matrix.facilitator_power <= matrix.organiser_power:
        raise ConfigError(
            f"config: matrix.facilitator_power ({matrix.facilitator_power}) must be from 0 "
            f"to matrix.organiser_power ({matrix.organiser_power}); e.g. 50 and 100."
        )


def parse_config(data: dict[str, Any]) -> Config:
    """Check a parsed TOML document and build the Config."""
    config: Config = _build(Config, data, "")
    _check_matrix(config.matrix)
    _check_shards(config.discord)
    return config


def _check_shards(discord: DiscordConfig) -> None:
    """Shards name a total and this process's share of it, or neither."""
    count, ids = discord.shard_count, discord.shard_ids
    if ids and count <= 0:
        raise ConfigError(
            "config: discord.shard_ids needs discord.shard_count, the total number of shards "
            "across every process (e.g. shard_count = 4)."
        )
    wrong = [i for i in ids if not 0 <= i < count]
    if wrong or len(set(ids)) != len(ids):
        raise ConfigError(
            f"config: discord.shard_ids = {list(ids)} must each be from 0 to {count - 1}, "
            "once each (shard_count is the total)."
        )
    if count < 0:
        raise ConfigError("config: discord.shard_count must be 0 (Discord decides) or more.")


def load_config(path: str | Path) -> Config:
    """Read and check a config file."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise ConfigError(
            f"config: no file at {path}. Copy config.example.toml to start."
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"config: {path} is a folder; give the config file in it.") from None
    except OSError as e:
        raise ConfigError(f"config: cannot read {path} ({e.strerror}).") from None
    if not raw.strip():
        raise ConfigError(
            f"config: {path} is empty. Copy config.example.toml to start, or leave out --config."
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"config: {path} is not UTF-8 text; save it as UTF-8.") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config: {path} is not valid TOML: {e}") from None
    return parse_config(data)
