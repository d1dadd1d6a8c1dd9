"""Buttons that release 0.1.0 posted on Discord still run their commands after the upgrade."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.discord import payloads as p
from tests.discord.conftest import GROUP, App, running
from tests.release_0_1_0 import copy_into

LONG_REASON = "a very long reason that does not fit in a custom id at all, surely not"


def old_message(app: App, *custom_ids: str) -> None:
    """A poll message as 0.1.0 posted it: buttons whose custom ids name its stored rows."""
    row = [
        {"type": 2, "style": 1, "label": f"Button {n}", "custom_id": c}
        for n, c in enumerate(custom_ids, start=1)
    ]
    body = {"content": "Poll", "components": [{"type": 1, "components": row}]}
    msg = p.message(p.GENERAL_ID, app.fd.bot, body)
    app.fd.messages[int(msg["id"])] = msg


async def submit(app: App, form_id: str, field: str, text: str, user: int) -> str:
    """Send a form with `text` typed into it; the bot's answer."""
    sent = await app.fd.dispatch(app.fd.modal_submit(form_id, {field: text}, user=user))
    await app.settle()
    reply = app.fd.reply(sent)
    assert reply is not None and reply.ephemeral
    return reply.content or ""


@pytest.mark.asyncio
@pytest.mark.sqlite_file  # release 0.1.0's SQLite file
async def test_old_stored_asking_and_rank_buttons_still_vote(tmp_path: Path) -> None:
    """cp:s:1 (a long vote), cp:q:2 (Block, asks why) and cp:r:1 (rank form) from 0.1.0 vote."""
    copy_into(
        tmp_path / "x.sqlite3",
        group="discord:1",
        to_group=GROUP,
        channel=str(p.GENERAL_ID),
        polls=(2, 4),
    )
    async with running(tmp_path) as app:
        old_message(app, "cp:s:1", "cp:q:2", "cp:r:1")

        _, long_vote = await app.click("cp:s:1", user=p.BOB_ID)
        assert "Your vote on poll 2 is in: Block" in (long_vote.content or "")

        _, asked = await app.click("cp:q:2", user=p.ALICE_ID)
        assert asked.type == 9 and asked.data["custom_id"] == "cp:t:2"
        answer = await submit(app, "cp:t:2", "answer", "Too early to say", p.ALICE_ID)
        assert "Your vote on poll 2 is in: Block" in answer

        _, rank = await app.click("cp:r:1", user=p.BOB_ID)
        assert rank.type == 9 and rank.data["title"] == "Rank: Rank these"
        ranked = await submit(app, "cp:m:1", "order", "3,1,2", p.BOB_ID)
        assert "Your vote on poll 4 is in: c, a, b." in ranked

        ballots = await app.rows(
            "SELECT poll_id, voter, choices, reason FROM ballots"
            " WHERE poll_id IN (2, 4) AND voter IN (?, ?) ORDER BY poll_id, voter",
            str(p.ALICE_ID),
            str(p.BOB_ID),
        )
        assert ballots == [
            (2, str(p.ALICE_ID), "4", "Too early to say"),
            (2, str(p.BOB_ID), "4", LONG_REASON),
            (4, str(p.BOB_ID), "3,1,2", None),
        ]
