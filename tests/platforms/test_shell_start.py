"""The terminal shell as a newcomer meets it: the banner, and who they are after `:as`."""

from __future__ import annotations

from pathlib import Path

from tests.harness import Harness
from tests.platforms.shell_process import coprod


async def test_banner_names_the_person_their_role_and_the_group_zone(harness: Harness) -> None:
    """The banner says who is typing, with which role, and the zone times are read in."""
    h = harness
    assert await h.shell.banner() == (
        "coproduction-bot shell. You are olivia (organiser) in the group Terminal.\n"
        "Times are read and shown in the group's time zone, UTC"
        " (to change it: !settings set timezone ZONE).\n"
        "The clock says Mon 30 Nov 2026 09:00 UTC. Type !help for bot commands, :help for"
        " the shell's."
    )
    await h.ok("olivia", "!settings set timezone Europe/Berlin")
    await h.shell.line(":as bob facilitator")
    banner = await h.shell.banner()
    assert banner.startswith("coproduction-bot shell. You are bob (facilitator) in the group")
    assert "the group's time zone, Europe/Berlin (" in banner


def test_real_shell_prints_the_banner_first(tmp_path: Path) -> None:
    """`coprod shell --as sam` with a config opens with sam's role and the configured zone."""
    config = tmp_path / "shell.toml"
    config.write_text('[shell]\nrole = "facilitator"\n\n[groups]\ntimezone = "Europe/London"\n')
    done = coprod(tmp_path / "shell.sqlite3", ":quit\n", "--as", "sam", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == [
        "coproduction-bot shell. You are sam (facilitator) in the group Terminal.",
        "Times are read and shown in the group's time zone, Europe/London"
        " (to change it: !settings set timezone ZONE).",
        "The clock says Mon 30 Nov 2026 09:00 UTC. Type !help for bot commands, :help for"
        " the shell's.",
    ]


async def test_as_without_a_role_keeps_the_role_from_an_earlier_shell(harness: Harness) -> None:
    """`:as bob` in a new shell on the same file makes bob the facilitator he was before."""
    h = harness
    await h.shell.line(":as bob facilitator")
    await h.shell.line(":as carol")
    await h.close()
    await h.start()  # a new shell: it knows only olivia until it reads the file
    await h.shell.line(":as bob")
    assert h.lines[-1] == "You are now bob (facilitator)."
    await h.shell.line(":users")
    assert h.lines[-3:] == [
        "  bob (facilitator) <- you",
        "  carol (participant)",
        "  olivia (organiser)",
    ]
    await h.shell.line("poll create Lunch? Soup, Salad")
    assert h.rows("SELECT question FROM polls") == [("Lunch?",)]


async def test_as_without_a_role_keeps_the_role_in_the_same_shell(harness: Harness) -> None:
    """Switching away and back with `:as NAME` keeps the role given earlier."""
    h = harness
    await h.shell.line(":as bob facilitator")
    await h.shell.line(":as olivia")
    await h.shell.line(":as bob")
    assert h.lines[-1] == "You are now bob (facilitator)."
    await h.shell.line(":as newcomer")
    assert h.lines[-1] == "You are now newcomer (participant)."
