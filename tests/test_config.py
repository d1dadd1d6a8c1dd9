"""Config: typed, frozen, and a bad key stops start-up with the dotted key named."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.config import Config, load_config, parse_config
from bot.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_example_config_is_valid_and_documents_every_key() -> None:
    """config.example.toml loads, and names every key the Config knows."""
    config = load_config(ROOT / "config.example.toml")
    assert isinstance(config, Config)
    text = (ROOT / "config.example.toml").read_text()
    import dataclasses

    for section in dataclasses.fields(Config):
        value = getattr(config, section.name)
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                assert f"{f.name} =" in text, f"{section.name}.{f.name} is not documented"
        else:
            assert f"{section.name} =" in text


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('platfrom = "shell"', "unknown key platfrom"),
        ('[discord]\ntokn_env = "X"', "unknown key discord.tokn_env"),
        ('platform = "irc"', "platform = 'irc' is not allowed; use one of 'shell'"),
        ('[groups]\nreminder_hours = "soon"', "groups.reminder_hours"),
        ('[groups]\ntimezone = "Mars/Base"', "groups.timezone"),
        ('[matrix]\ninvite_allowlist = "localhost"', "matrix.invite_allowlist"),
        ('matrix = "x"', "matrix must be a table"),
    ],
)
def test_bad_config_names_the_key(toml: str, message: str) -> None:
    """Unknown keys and bad values are refused with the dotted key and what is allowed."""
    with pytest.raises(ConfigError) as err:
        parse_config(tomllib.loads(toml))
    assert message in str(err.value)


def test_config_is_frozen() -> None:
    """Config objects cannot be changed after loading."""
    import dataclasses

    config = parse_config({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.platform = "discord"  # type: ignore[misc]
