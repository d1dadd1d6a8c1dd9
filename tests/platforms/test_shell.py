"""The terminal shell: meta commands, numbered buttons, and a crash after an acknowledgement."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from bot.platforms.shell import SHELL_HELP
from tests.harness import Harness


async def test_numbered_choice_runs_the_action_as_the_current_person(harness: Harness) -> None:
    """Typing a number presses that button of the last answer, as whoever is typing."""
    h = harness
    await h.shell.line('poll create "Lunch?" Soup Salad')
    await h.shell.line(":as bob")
    await h.shell.line("2")
    assert h.rows("SELECT voter, choices FROM ballots") == [("bob", "2")]
    await h.shell.line("9")
    assert h.lines[-1] == "Pick a number from 1 to 3."


async def test_a_number_with_no_buttons_says_so_and_runs_nothing(harness: Harness) -> None:
    """A number typed before any button was offered is answered, not run as a command."""
    h = harness
    await h.shell.line("2")
    assert h.lines[-1] == (
        "There is nothing to press: the last message had no buttons."
        " Type a command instead (!help lists them)."
    )
    assert h.shell.said.answers == []


async def test_a_number_presses_only_the_last_messages_buttons(harness: Harness) -> None:
    """After a message in the channel without buttons, a number no longer votes on an old poll."""
    h = harness
    await h.shell.line("poll create Lunch? Soup, Salad")
    await h.shell.line("poll list")  # answered in the channel with a list and no buttons
    await h.shell.line("2")
    assert h.lines[-1].startswith("There is nothing to press: the last message had no buttons.")
    assert h.rows("SELECT count(*) FROM ballots") == [(0,)]
    await h.shell.line("poll create Tea? Yes, No")
    await h.shell.line(":as bob")  # switching people keeps the last message's buttons
    await h.shell.line("poll vote 2 9")  # a private refusal leaves them too
    await h.shell.line("1")
    assert h.lines[-2] == "> !poll vote 2 1"
    await h.shell.line("2")  # and so does the private "your vote is in": change the vote
    assert h.lines[-2] == "> !poll vote 2 2"
    assert h.rows("SELECT poll_id, voter, choices FROM ballots") == [(2, "bob", "2")]


async def test_a_number_after_a_closed_polls_results_presses_nothing(harness: Harness) -> None:
    """The results posted at a poll's close have no buttons, so a number presses nothing."""
    h = harness
    await h.shell.line("poll create Lunch? Soup, Salad --closes in 1 day")
    await h.shell.line(":wait 2d")
    assert h.lines[-1].startswith("[#general]\n== Results of poll 1 (closed): Lunch? ==")
    await h.shell.line("1")
    assert h.lines[-1].startswith("There is nothing to press: the last message had no buttons.")
    assert h.rows("SELECT count(*) FROM ballots") == [(0,)]


async def test_block_by_number_takes_the_reason_from_the_next_line(harness: Harness) -> None:
    """In a script, pressing Block asks why, and the next line (quotes and all) is the reason."""
    h = harness
    script = (
        '!poll create "Adopt the rota?" --kind consent\n'
        ":as bob\n"
        "4\n"
        """It's "unfair" to evening workers\n"""
    )
    await h.shell.run_script(io.StringIO(script))
    assert '  [4] Block  (!poll vote 1 4 --reason "your reason")' in "\n".join(h.lines)
    asked = h.lines.index("bob> 4") + 1
    assert h.lines[asked].startswith("Why do you block? Everyone will see this reason")
    assert h.lines[asked].endswith("\nType your answer on the next line.")
    assert h.lines[asked + 1] == """bob> It's "unfair" to evening workers"""
    assert h.lines[asked + 2].startswith("> !poll vote 1 4 --reason ")
    reason = """It's "unfair" to evening workers"""
    assert h.rows("SELECT voter, choices, reason FROM ballots") == [("bob", "4", reason)]


async def test_empty_answer_to_block_is_refused(harness: Harness) -> None:
    """An empty next line is no reason: the Block is refused as if typed without one."""
    h = harness
    await h.shell.line('poll create "Adopt the rota?" --kind consent')
    await h.shell.line(":as bob")
    await h.shell.line("4")
    await h.shell.line("")
    assert any("A Block needs a reason" in line for line in h.lines[-2:])
    assert h.rows("SELECT count(*) FROM ballots") == [(0,)]
    await h.shell.line("1")  # the question is answered: numbers press buttons again
    assert h.rows("SELECT voter, choices FROM ballots") == [("bob", "1")]


async def test_interactive_block_asks_and_ctrl_c_sends_nothing(harness: Harness) -> None:
    """At a terminal, Block prompts for the reason; Ctrl-C at that prompt cancels the vote."""
    h = harness
    await h.shell.line('poll create "Adopt the rota?" --kind consent')
    await h.shell.line(":as bob")
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        keys.send_text("4\rToo early\r4\r\x03:quit\r")
        await h.shell.run_interactive()
    assert h.lines[-1] == "Nothing sent."
    assert h.rows("SELECT voter, choices, reason FROM ballots") == [("bob", "4", "Too early")]


def test_help_explains_buttons_that_ask() -> None:
    """The shell's :help says where a button's question is answered."""
    assert "takes the next line as the answer" in SHELL_HELP


async def test_meta_commands_refuse_bad_input_clearly(harness: Harness) -> None:
    """Unknown shell commands, bad durations and bad roles say what to type instead."""
    h = harness
    await h.shell.line(":wait soon")
    assert "is not a duration. Use e.g. 30m, 2h, 3d" in h.lines[-1]
    await h.shell.line(":as")
    assert h.lines[-1].startswith("Usage: :as NAME")
    await h.shell.line(":as zed boss")
    assert "unknown role 'boss'" in h.lines[-1]
    await h.shell.line(":frobnicate")
    assert "Unknown shell command :frobnicate" in h.lines[-1]
    assert await h.shell.line(":quit") is False


async def test_dms_and_private_answers_are_labelled(harness: Harness) -> None:
    """Private answers and DMs to others are shown as such."""
    h = harness
    await h.join("bob")
    await h.shell.line(":as olivia")
    await h.shell.line('poll create "Lunch?" Soup Salad --closes "in 2 days"')
    await h.shell.line("poll vote 1 1")
    assert any(line.startswith("[private to olivia] Your vote") for line in h.lines)
    await h.shell.line(":wait 1d1h")
    assert any(line.startswith("[DM to bob]") for line in h.lines)


def test_acknowledged_vote_survives_a_crash(tmp_path: Path) -> None:
    """A vote the bot acknowledged is in the file even if the process is killed right after."""
    db = tmp_path / "crash.sqlite3"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "shell", "--db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write('poll create "Lunch?" Soup Salad\n:as bob\npoll vote 1 2\n')
    proc.stdin.flush()
    for line in proc.stdout:
        if "Your vote on poll 1 is in" in line:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT voter, choices FROM ballots").fetchall() == [("bob", "2")]
    finally:
        conn.close()


async def test_hostile_shell_input_gets_a_message_not_a_crash(harness: Harness) -> None:
    """Unicode digits, giant numbers and giant waits are answered; the shell carries on."""
    h = harness
    await h.shell.line('poll create "Lunch?" Soup Salad')
    for text in ("²", "①", "9" * 40, ":wait 3000000d", ":wait 99999999999999999999h"):
        assert await h.shell.line(text)
    assert any("too long a wait" in line for line in h.lines)
    assert any("is not a duration" in line for line in h.lines)
    assert await h.shell.line("poll vote 1 1")
    assert h.rows("SELECT choices FROM ballots") == [("1",)]


def test_bytes_that_are_not_utf8_on_stdin_do_not_end_the_shell(tmp_path: Path) -> None:
    """A line of invalid bytes is read as replacement characters and the next line still runs."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", "shell", "--db", str(tmp_path / "bytes.sqlite3")],
        input=b'poll create "Lunch?" Soup Salad\npoll vote 1 \xff\xfe\x80\npoll vote 1 2\n',
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert b"Your vote on poll 1 is in: Salad" in done.stdout
    assert b"Traceback" not in done.stderr
