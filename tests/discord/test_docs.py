"""The README's Discord section stays true: the invite permissions, scopes and config keys it names."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bot.config import DiscordConfig
from bot.platforms.discord.client import INVITE_PERMISSIONS, INVITE_SCOPES, invite_url

DOC = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_invite_link_matches_the_code() -> None:
    """The documented link carries the scopes and the permissions integer the code computes."""
    documented = invite_url(0).replace("client_id=0", "client_id=APP_ID")
    assert documented in DOC
    assert f"`{INVITE_PERMISSIONS.value}`" in DOC
    assert INVITE_SCOPES == ("bot", "applications.commands")


def test_every_permission_is_explained() -> None:
    """Each permission in the integer has a row in the table; nothing more is asked."""
    names = {
        "read_messages": "View Channels",  # discord.py's name for View Channels
        "send_messages": "Send Messages",
        "embed_links": "Embed Links",
        "attach_files": "Attach Files",
        "read_message_history": "Read Message History",
        "create_public_threads": "Create Public Threads",
        "send_messages_in_threads": "Send Messages in Threads",
        "manage_events": "Manage Events",
    }
    granted = {name for name, on in INVITE_PERMISSIONS if on}
    assert granted == set(names)
    for shown in names.values():
        assert f"| {shown} |" in DOC


def test_every_discord_config_key_is_documented() -> None:
    """Each [discord] key appears in the config example."""
    for field in dataclasses.fields(DiscordConfig):
        assert f"\n{field.name} = " in DOC, field.name
