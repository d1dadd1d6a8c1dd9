"""`coprod run` with platform = "matrix": secrets from the environment, clear failures."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.config import MatrixConfig
from bot.core.errors import ConfigError
from bot.platforms.matrix.runner import credentials


def test_token_comes_from_the_named_environment_variable(monkeypatch):
    """The access token is read from the variable matrix.access_token_env names."""
    monkeypatch.setenv("COPROD_MX_TOKEN", " syt_abc \n")
    config = MatrixConfig(
        homeserver="https://hs", user_id="@b:hs", access_token_env="COPROD_MX_TOKEN"
    )
    assert credentials(config) == ("syt_abc", "")


def test_missing_secret_names_the_variable(monkeypatch):
    """An unset variable is a config error that says which one."""
    monkeypatch.delenv("COPROD_MX_PASSWORD", raising=False)
    config = MatrixConfig(
        homeserver="https://hs", user_id="@b:hs", password_env="COPROD_MX_PASSWORD"
    )
    with pytest.raises(ConfigError, match="COPROD_MX_PASSWORD"):
        credentials(config)
    with pytest.raises(ConfigError, match="access_token_env"):
        credentials(MatrixConfig(homeserver="https://hs", user_id="@b:hs"))
    with pytest.raises(ConfigError, match="homeserver"):
        credentials(MatrixConfig(user_id="@b:hs", access_token_env="X"))


def test_bad_token_exits_non_zero_with_one_line(synapse, tmp_path, monkeypatch, capsys):
    """`coprod run` with a refused token prints one line on stderr and exits with 2."""
    account = synapse.register_user("coprod_cli")
    config = tmp_path / "config.toml"
    config.write_text(
        'platform = "matrix"\n'
        f'database = "{tmp_path / "cli.sqlite3"}"\n'
        "[matrix]\n"
        f'homeserver = "{synapse.base_url}"\n'
        f'user_id = "{account.user_id}"\n'
        'access_token_env = "COPROD_CLI_TOKEN"\n'
    )
    monkeypatch.setenv("COPROD_CLI_TOKEN", "revoked")
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("coprod: matrix:") and "M_UNKNOWN_TOKEN" in err
    assert len(err.splitlines()) == 1
