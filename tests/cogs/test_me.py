"""People: `!me`, zones, quiet hours, nudges, constituencies, export and forget, in the shell."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.model import Role
from tests.harness import GROUP_ID, Harness

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice and bob are participants; fran is a facilitator."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "fran")
    return harness


async def test_me_alone_shows_privately_what_the_bot_knows(h: Harness) -> None:
    """`!me` answers only the person, with role, zone, quiet hours, nudges and constituency."""
    reply = await h.ok("alice", "!me")
    assert reply.private
    shown = {f.name: f.value for f in reply.fields}
    assert shown["Role"] == "participant"
    assert shown["Time zone"] == "UTC (the group's)"
    assert shown["Quiet hours"] == "none" and shown["Nudges"] == "on"
    assert shown["Constituency"] == "not said"


async def test_a_misspelt_zone_gets_the_closest_real_ones(h: Harness) -> None:
    """Europe/Berln suggests Europe/Berlin and changes nothing; the right name is stored."""
    before = h.snapshot()
    reply = await h.say("alice", "!me timezone Europe/Berln")
    assert reply.error and "Europe/Berlin" in reply.body
    assert h.snapshot() == before
    await h.ok("alice", "!me timezone europe/berlin")
    assert h.rows("SELECT timezone FROM people WHERE user_id = 'alice'") == [("Europe/Berlin",)]


@pytest.mark.parametrize("bad", ["25:00-08:00", "9pm-", "nine-five", "21:00-21:00", "21:61-8"])
async def test_malformed_quiet_hours_change_nothing(h: Harness, bad: str) -> None:
    """A quiet time that is not two times of day is refused with the form to use."""
    before = h.snapshot()
    reply = await h.say("alice", f"!me quiet {bad}")
    assert reply.error and ("21:00" in reply.body or "hours go" in reply.body)
    assert h.snapshot() == before


async def test_quiet_hours_and_nudges_are_kept(h: Harness) -> None:
    """Quiet hours (9pm-8am is read as 21:00-08:00) and nudges off show in `!me`."""
    said = await h.ok("alice", "!me quiet 9pm-8am")
    assert "21:00-08:00" in said.body
    await h.ok("alice", "!me nudges off")
    shown = {f.name: f.value for f in (await h.ok("alice", "!me")).fields}
    assert shown["Quiet hours"] == "21:00-08:00" and shown["Nudges"] == "off"
    await h.ok("alice", "!me quiet off")
    assert h.rows("SELECT quiet_from, nudges FROM people WHERE user_id = 'alice'") == [(None, 0)]


async def test_constituency_comes_from_the_groups_list(h: Harness) -> None:
    """No list: say how to make one; unknown name: show the list; `none` clears it."""
    first = await h.say("alice", "!me constituency carer")
    assert first.error and "!settings set constituencies" in first.body
    await h.ok("olivia", '!settings set constituencies "service user, provider, carer"')
    before = h.snapshot()
    wrong = await h.say("alice", "!me constituency doctor")
    assert wrong.error and "service user, provider, carer" in wrong.body
    assert h.snapshot() == before
    await h.ok("alice", '!me constituency "Service User"')
    assert h.rows("SELECT constituency FROM people") == [("service user",)]
    await h.ok("alice", "!me constituency none")
    assert h.rows("SELECT constituency FROM people") == [(None,)]


async def test_nobody_else_sets_or_sees_a_constituency(h: Harness) -> None:
    """`!me` shows only the caller's own; there is no command that names another's."""
    await h.ok("olivia", '!settings set constituencies "provider, carer"')
    await h.ok("alice", "!me constituency carer")
    bob = {f.name: f.value for f in (await h.ok("bob", "!me")).fields}
    assert bob["Constituency"] == "not said"
    assert all("carer" not in r.body for r in h.posts)


async def test_export_is_a_private_json_file_of_everything(h: Harness) -> None:
    """The file has the profile, named ballots with their answers, and says why no anonymous."""
    await h.ok("fran", '!poll create "Which evening?" Monday Tuesday')
    await h.ok("fran", '!poll create "Secret?" yes no --anonymous')
    await h.ok("alice", "!poll vote 1 2")
    await h.ok("alice", "!poll vote 2 1")
    await h.ok("alice", "!me timezone Europe/Paris")
    reply = await h.ok("alice", "!me export")
    assert reply.private and reply.files[0].mime == "application/json"
    data = json.loads(reply.files[0].data)
    (group,) = data["groups"]
    assert group["profile"]["timezone"] == "Europe/Paris"
    assert group["polls"]["ballots"] == [
        {"poll": 1, "question": "Which evening?", "answer": ["Tuesday"], "poll_closed": False}
    ]
    assert "anonymous" in data["note"]
    saved = h.shell.said.files[-1]
    assert saved.name == "my-data.json" and json.loads(saved.read_text()) == data


async def test_export_with_nothing_stored_says_so(h: Harness) -> None:
    """Someone with only a membership gets a clear answer and no file."""
    reply = await h.say("bob", "!me export")
    assert reply.error and "nothing to export" in reply.body and not reply.files


async def test_forget_asks_first_and_changes_nothing_until_confirmed(h: Harness) -> None:
    """`!me forget` alone offers a Forget me button and erases nothing."""
    before = h.snapshot()
    reply = await h.ok("alice", "!me forget")
    assert reply.actions[0].as_text() == "!me forget confirm"
    assert h.snapshot() == before


async def test_a_member_who_leaves_is_forgotten_the_same_way(h: Harness) -> None:
    """A platform's member_left runs the same erase as `!me forget`."""
    await h.ok("fran", '!poll create "Done?" yes no')
    await h.ok("alice", "!poll vote 1 1")
    await h.ok("fran", "!poll close 1")
    await h.bot.member_left(GROUP_ID, "alice")
    assert all("alice" not in repr(rows) for rows in h.snapshot().values())
    assert "yes: 1" in (await h.ok("olivia", "!poll results 1")).body


async def test_private_messages_show_times_in_the_readers_zone(h: Harness) -> None:
    """A reminder DM to someone in Asia/Tokyo shows the deadline in Tokyo time."""
    await h.ok("bob", "!me timezone Asia/Tokyo")
    await h.ok("fran", '!poll create "Q?" a b --closes "tuesday 12:00"')
    h.lines.clear()
    await h.wait(timedelta(hours=4))
    dm = next(line for line in h.lines if line.startswith("[DM to bob]"))
    assert "JST" in dm


CRASH_CHILD = """
import asyncio, os, signal, sys
from bot.core.cog import Cog
from tests.harness import GROUP_ID, Harness

class KillsMidForget(Cog):
    async def forget_person(self, tx, group_id, user_id):
        os.kill(os.getpid(), signal.SIGKILL)  # after polls erased its part, before the commit

async def main(path):
    h = await Harness(path).start()
    await h.join("alice")
    h.bot.add_cog(KillsMidForget(h.bot.services))
    await h.say("alice", "!me forget confirm")

asyncio.run(main(sys.argv[1]))
"""


async def test_a_crash_halfway_through_forget_erases_nothing(h: Harness, tmp_path) -> None:
    """Killed between the features' steps, forget leaves alice wholly in place."""
    await h.ok("fran", '!poll create "Done?" yes no')
    await h.ok("alice", "!poll vote 1 1")
    await h.ok("fran", "!poll close 1")
    await h.ok("alice", "!me quiet 22:00-07:00")
    await h.close()
    before = h.snapshot()
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CRASH_CHILD, str(h.db_path), cwd=ROOT, stderr=subprocess.PIPE
    )
    _, err = await asyncio.wait_for(child.communicate(), 120)
    assert child.returncode == -signal.SIGKILL, err.decode()
    await h.start()
    assert h.snapshot() == before
    assert h.rows("SELECT voter FROM ballots") == [("alice",)]


async def test_a_reminder_in_quiet_hours_waits_until_they_end_across_a_restart(
    h: Harness,
) -> None:
    """A reminder due in bob's quiet hours (Berlin) arrives once, at 08:00 his time.

    Due 23:00 UTC; nothing after a restart at 02:00, nothing at 06:59 UTC, one at 07:00 UTC.
    """
    await h.ok("bob", "!me timezone Europe/Berlin")
    await h.ok("bob", "!me quiet 21:00-08:00")
    # Mon 30 Nov 09:00 UTC now; closes Wed 2 Dec 23:00 UTC; reminder (24 h) Tue 1 Dec 23:00.
    await h.ok("fran", '!poll create "Q?" a b --closes "wednesday 23:00"')

    def reminded() -> int:
        return len([r for r in h.dms("bob") if "closing soon" in (r.title or "")])

    await h.wait(timedelta(days=1, hours=14))  # Tue 23:00 UTC: due, but bob is quiet
    assert reminded() == 0
    assert any("closing soon" in (r.title or "") for r in h.dms("alice"))
    await h.wait(timedelta(hours=3))  # Wed 02:00 UTC
    await h.restart()
    assert reminded() == 0
    await h.wait(timedelta(hours=4, minutes=59))  # 06:59 UTC, 07:59 in Berlin: still quiet
    assert reminded() == 0
    await h.wait(timedelta(minutes=1))  # 08:00 in Berlin
    assert reminded() == 1
    await h.wait(timedelta(hours=1))
    assert reminded() == 1


async def test_nudges_off_means_no_reminder(h: Harness) -> None:
    """Someone with nudges off is never reminded; the others are."""
    await h.ok("bob", "!me nudges off")
    await h.ok("fran", '!poll create "Q?" a b --closes "wednesday 23:00"')
    await h.wait(timedelta(days=1, hours=14, minutes=1))
    assert not any("closing soon" in (r.title or "") for r in h.dms("bob"))
    assert any("closing soon" in (r.title or "") for r in h.dms("alice"))


async def test_forget_takes_pending_reminders_with_it(h: Harness) -> None:
    """A reminder held by quiet hours is not sent after `!me forget`, and leaves no row."""
    await h.ok("bob", "!me quiet 21:00-08:00")
    await h.ok("fran", '!poll create "Q?" a b --closes "wednesday 23:00"')
    await h.wait(timedelta(days=1, hours=14))
    await h.ok("bob", "!me forget confirm")
    for table, rows in h.snapshot().items():
        assert "'bob'" not in repr(rows), f"{table} still holds bob"
    await h.wait(timedelta(hours=10))
    assert not any("closing soon" in (r.title or "") for r in h.dms("bob"))
