"""The outbox delivers one message per recipient per key, and holds it back in quiet hours."""

from __future__ import annotations

from datetime import timedelta

from bot.core.model import Action, Ask, Choice, Field, File, Reply, User
from bot.core.replies import reply_from_json, reply_to_json
from tests.harness import Harness

ALICE, BOB = User("alice", "alice"), User("bob", "bob")


async def test_the_same_key_reaches_nobody_twice(harness: Harness) -> None:
    """Asking twice under one key (a job run again) sends each person the message once."""
    h = harness
    await h.join("alice", "bob")
    outbox = h.bot.services.nudges
    for _ in range(2):
        await outbox.nudge("shell:local", [ALICE, BOB], Reply("Hello", private=True), dedupe="k")
        await h.settle()
    assert [r.body for r in h.dms("alice")] == ["Hello"]
    assert [r.body for r in h.dms("bob")] == ["Hello"]
    await outbox.nudge("shell:local", [ALICE], Reply("Again", private=True), dedupe="k2")
    await h.settle()
    assert [r.body for r in h.dms("alice")] == ["Hello", "Again"]


async def test_a_channel_post_under_a_key_is_posted_once(harness: Harness) -> None:
    """Results announced by a job that runs twice appear once in the channel."""
    h = harness
    for _ in range(2):
        await h.bot.services.nudges.post("shell:local", "general", Reply("Results"), dedupe="r")
        await h.settle()
    assert [r.body for r in h.posts] == ["Results"]


async def test_quiet_hours_hold_a_nudge_until_they_end(harness: Harness) -> None:
    """Someone in quiet hours is nudged when they end, not at once and not twice."""
    h = harness
    await h.join("alice")
    await h.ok("alice", "!me quiet 08:00-20:00")
    await h.bot.services.nudges.nudge(
        "shell:local", [ALICE], Reply("Poll closes", private=True), dedupe="q"
    )
    await h.settle()
    assert h.dms("alice") == []
    await h.wait(timedelta(hours=12))
    assert [r.body for r in h.dms("alice")] == ["Poll closes"]
    await h.wait(timedelta(days=1))
    assert len(h.dms("alice")) == 1


def test_a_reply_survives_being_stored() -> None:
    """Everything a Reply carries (buttons, asks, choices, files) comes back from the outbox."""
    reply = Reply(
        "body **bold**",
        title="T",
        fields=(Field("a", "b", True),),
        actions=(Action("Block", "poll vote", ("1", "4"), "danger", Ask("reason", "Why?")),),
        private=True,
        key="poll:1",
        choice=Choice("poll:1", "Q?", ("A", "B"), "poll vote", ("1",), 2, True),
        thread="Poll 1",
        files=(File("x.csv", b"a,b\n", "text/csv"),),
    )
    assert reply_from_json(reply_to_json(reply)) == reply


async def test_a_fan_out_may_be_worded_per_person(harness: Harness) -> None:
    """Under one key, each person gets their own wording, still once each."""
    h = harness
    await h.join("alice", "bob")
    outbox = h.bot.services.nudges
    for user in (ALICE, BOB, ALICE):
        reply = Reply(f"Your partner is {user.name}", private=True)
        await outbox.nudge("shell:local", [user], reply, dedupe="intro:1")
        await h.settle()
    assert [r.body for r in h.dms("alice")] == ["Your partner is alice"]
    assert [r.body for r in h.dms("bob")] == ["Your partner is bob"]


async def test_someone_new_under_a_delivered_key_still_gets_it(harness: Harness) -> None:
    """After a fan-out's text is dropped (all sent), a newcomer under the same key is reached."""
    h = harness
    await h.join("alice", "bob")
    outbox = h.bot.services.nudges
    await outbox.nudge("shell:local", [ALICE], Reply("Hi", private=True), dedupe="k")
    await h.settle()
    assert h.rows("SELECT body FROM outbox_texts") == [("",)]  # nothing kept once sent
    await outbox.nudge("shell:local", [ALICE, BOB], Reply("Hi", private=True), dedupe="k")
    await h.settle()
    assert [r.body for r in h.dms("bob")] == ["Hi"] and len(h.dms("alice")) == 1
