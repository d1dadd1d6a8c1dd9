"""What polls keep about one person: their named ballots and the polls they asked."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from storage.engine import Reads, Tx

FORGOTTEN_AUTHOR = "forgotten"
# A closed poll's ballot whose voter was forgotten keeps its count under this prefix and a
# fresh random suffix, so nothing links it to a person or to their other ballots.
FORGOTTEN_VOTER = "forgotten:"


def is_forgotten(voter: str) -> bool:
    """Whether a ballot's voter is someone who was forgotten (left, or asked to be)."""
    return voter.startswith(FORGOTTEN_VOTER)


@dataclass(frozen=True)
class NamedBallot:
    """A ballot in a named (not anonymous) poll, with what it answered."""

    poll_id: int
    question: str
    choices: tuple[int, ...]
    options: tuple[str, ...]
    reason: str | None
    closed: bool


class PollPeopleRepository:
    """Export and forget for polls."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def named_ballots(self, group_id: str, user_id: str) -> list[NamedBallot]:
        """Someone's ballots in the group's named polls (anonymous ones cannot be found)."""
        rows = await self.conn.execute_fetchall(
            "SELECT p.id, p.question, b.choices, b.reason, p.closed_at IS NOT NULL"
            " FROM ballots b JOIN polls p ON p.id = b.poll_id"
            " WHERE p.group_id = ? AND p.anonymous = 0 AND b.voter = ? ORDER BY p.id",
            (group_id, user_id),
        )
        labels: dict[int, list[str]] = {}
        if rows:
            marks = ", ".join("?" for _ in rows)
            for option in await self.conn.execute_fetchall(
                "SELECT poll_id, label FROM poll_options"
                f" WHERE poll_id IN ({marks}) ORDER BY poll_id, position",
                [r[0] for r in rows],
            ):
                labels.setdefault(option[0], []).append(option[1])
        return [
            NamedBallot(
                r[0],
                r[1],
                tuple(int(c) for c in r[2].split(",") if c),
                tuple(labels.get(r[0], ())),
                r[3],
                bool(r[4]),
            )
            for r in rows
        ]

    async def asked(self, group_id: str, user_id: str) -> list[tuple[int, str]]:
        """Polls someone created: (id, question)."""
        rows = await self.conn.execute_fetchall(
            "SELECT id, question FROM polls WHERE group_id = ? AND author_id = ? ORDER BY id",
            (group_id, user_id),
        )
        return [(r[0], r[1]) for r in rows]

    async def forget(self, tx: Tx, group_id: str, user_id: str) -> tuple[int, int, int]:
        """Withdraw named ballots from open polls, unname those in closed ones, unname polls.

        Returns (withdrawn, unnamed ballots, unnamed polls).
        """
        withdrawn = await tx.execute(
            "DELETE FROM ballots WHERE voter = ? AND poll_id IN"
            " (SELECT id FROM polls WHERE group_id = ? AND closed_at IS NULL)",
            (user_id, group_id),
        )
        closed = await tx.execute_fetchall(
            "SELECT b.poll_id FROM ballots b JOIN polls p ON p.id = b.poll_id"
            " WHERE p.group_id = ? AND b.voter = ?",
            (group_id, user_id),
        )
        for (poll_id,) in closed:
            # A fresh random name per ballot: the count stays, nothing links ballots together.
            await tx.execute(
                "UPDATE ballots SET voter = ? WHERE poll_id = ? AND voter = ?",
                (FORGOTTEN_VOTER + secrets.token_hex(16), poll_id, user_id),
            )
        authored = await tx.execute(
            "UPDATE polls SET author_id = ? WHERE group_id = ? AND author_id = ?",
            (FORGOTTEN_AUTHOR, group_id, user_id),
        )
        return withdrawn.rowcount, len(list(closed)), authored.rowcount

    async def withdraw_key(self, tx: Tx, poll_id: int, voter: str) -> bool:
        """Remove one ballot by its key (an anonymous open poll's HMAC)."""
        cur = await tx.execute(
            "DELETE FROM ballots WHERE poll_id = ? AND voter = ?", (poll_id, voter)
        )
        return cur.rowcount == 1
