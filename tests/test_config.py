"""Config: typed, frozen, and a bad key stops start-up with the dotted key named."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.app import COGS, check_config
from bot.config import Config, load_config, parse_config
from bot.core.bot import settings_registry
from bot.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def test_example_config_is_valid_and_documents_every_key() -> None:
    """config.example.toml loads, and names every key the Config knows."""
    config = load_config(ROOT / "config.example.toml")
    assert isinstance(config, Config)
    text = (ROOT / "config.example.toml").read_text()
    check_config(config)
    for section in dataclasses.fields(Config):
        value = getattr(config, section.name)
        if section.name == "groups":
            continue
        if dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                assert f"{f.name} =" in text, f"{section.name}.{f.name} is not documented"
        else:
            assert f"{section.name} =" in text


def test_example_config_lists_every_declared_setting() -> None:
    """The [groups] tables of config.example.toml are generated from the cogs' settings."""
    text = (ROOT / "config.example.toml").read_text()
    assert settings_registry(COGS).example_toml() in text, "run `coprod settings` and paste it"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('platfrom = "shell"', "unknown key platfrom"),
        ('[discord]\ntokn_env = "X"', "unknown key discord.tokn_env"),
        ('platform = "irc"', "platform = 'irc' is not allowed; use one of 'shell'"),
        ('[groups]\nreminder_hours = "soon"', "groups.reminder_hours"),
        ('[groups]\ntimezone = "Mars/Base"', "groups.timezone"),
        ('[groups.polls]\npoll_threads = "sometimes"', "groups.polls.poll_threads"),
        ('[groups.polls]\ntimezone = "UTC"', "unknown key groups.polls.timezone"),
        ("[groups.pols]\npoll_threads = true", "unknown table [groups.pols]"),
        ("[groups]\nreminder_hours = -1", "groups.reminder_hours"),
        ('[matrix]\ninvite_allowlist = "localhost"', "matrix.invite_allowlist"),
        ('matrix = "x"', "matrix must be a table"),
        ('[matrix]\nuser_id = "coprod"', "matrix.user_id = 'coprod' is not a Matrix user id"),
        ('[matrix]\nhomeserver = "not a url"', "matrix.homeserver = 'not a url' is not a URL"),
        ("[matrix]\nfacilitator_power = 100\norganiser_power = 50", "facilitator_power (100)"),
        ('[groups]\ntimezone = "Factory"', "groups.timezone"),
        ("[groups]\nreminder_hours = 99999999999", "groups.reminder_hours"),
    ],
)
def test_bad_config_names_the_key(toml: str, message: str) -> None:
    """Unknown keys and bad values are refused with the dotted key and what is allowed."""
    with pytest.raises(ConfigError) as err:
        check_config(parse_config(tomllib.loads(toml)))
    assert message in str(err.value)


def test_feature_table_sets_a_new_groups_default(tmp_path: Path) -> None:
    """[groups.polls] poll_threads = true makes new groups open threads on polls."""
    config = parse_config(tomllib.loads("[groups.polls]\npoll_threads = true\nreminder_hours = 2"))
    check_config(config)
    assert settings_registry(COGS).defaults_from_config(config.groups) == {
        "poll_threads": "on",
        "reminder_hours": "2",
    }


def test_config_is_frozen() -> None:
    """Config objects cannot be changed after loading."""
    config = parse_config({})
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.platform = "discord"  # type: ignore[misc]


BROKEN_FILES = {
    "a folder": None,
    "not UTF-8": b'platform = "shell"\n# caf\xe9\n',
    "empty": b"",
    "a bad zone": b'[groups]\ntimezone = "Europe"\n',
    "a short user id": b'[matrix]\nuser_id = "coprod"\n',
    "no URL": b'[matrix]\nhomeserver = "not a url"\n',
    "powers upside down": b"[matrix]\nfacilitator_power = 100\norganiser_power = 50\n",
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_a_broken_config_file_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    """`coprod shell --config BROKEN` says what is wrong in one line and exits 2 at once."""
    path = tmp_path / "config.toml"
    content = BROKEN_FILES[case]
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--config", str(path), "--db",
         str(tmp_path / "g.sqlite3")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("coprod: config") and done.stderr.count("\n") == 1
