"""Mentoring's rounds and pairings: who was proposed to whom, their answers and check-ins."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from storage.engine import Reads, Row, Tx
from storage.timefmt import from_db, to_db

OPEN = ("proposed", "active")


@dataclass(frozen=True)
class PairPerson:
    """One person in a pairing, with their answer and check-in."""

    id: int
    user_id: str
    answer: str | None
    checkin: str | None


@dataclass(frozen=True)
class Pairing:
    """Two (or three) people proposed to each other in a round."""

    id: int
    group_id: str
    round_id: int
    state: str  # proposed, active, skipped, ended, done
    score: float
    proposed_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    ended_early: bool
    met: bool
    people: tuple[PairPerson, ...]

    def has(self, user_id: str) -> bool:
        """Whether someone is in it."""
        return any(p.user_id == user_id for p in self.people)

    def others(self, user_id: str) -> tuple[str, ...]:
        """Everyone in it but this person."""
        return tuple(p.user_id for p in self.people if p.user_id != user_id)


@dataclass(frozen=True)
class Counts:
    """A period's pairings as numbers only, for the digest."""

    made: int
    started: int
    met: int
    ended_early: int


PAIRING = (
    "SELECT id, group_id, round_id, state, score, proposed_at, started_at, ended_at,"
    " ended_early, met FROM mentoring_pairings"
)


class PairingRepository:
    """Reads and writes rounds, pairings and the people in them."""

    def __init__(self, conn: Reads) -> None:
        self.conn = conn

    async def _load(self, rows: Iterable[Row]) -> list[Pairing]:
        found = []
        for r in rows:
            people_rows = await self.conn.execute_fetchall(
                "SELECT id, user_id, answer, checkin FROM mentoring_pair_people"
                " WHERE pairing_id = ? ORDER BY id",
                (r[0],),
            )
            people = tuple(PairPerson(*p) for p in people_rows)
            proposed = from_db(r[5])
            assert proposed is not None
            found.append(
                Pairing(
                    r[0], r[1], r[2], r[3], r[4], proposed, from_db(r[6]), from_db(r[7]),
                    bool(r[8]), bool(r[9]), people,
                )
            )  # fmt: skip
        return found

    async def get(self, pairing_id: int) -> Pairing | None:
        """A pairing by number."""
        rows = await self.conn.execute_fetchall(PAIRING + " WHERE id = ?", (pairing_id,))
        found = await self._load(rows)
        return found[0] if found else None

    async def of_person(self, group_id: str, user_id: str) -> list[Pairing]:
        """Someone's pairings, newest first."""
        rows = await self.conn.execute_fetchall(
            PAIRING + " WHERE group_id = ? AND id IN (SELECT pairing_id FROM"
            " mentoring_pair_people WHERE user_id = ?) ORDER BY id DESC",
            (group_id, user_id),
        )
        return await self._load(rows)

    async def person(self, member_id: int) -> tuple[int, PairPerson] | None:
        """(pairing id, the person) for a row of mentoring_pair_people."""
        found = await self.conn.execute_fetchall(
            "SELECT pairing_id, id, user_id, answer, checkin FROM mentoring_pair_people"
            " WHERE id = ?",
            (member_id,),
        )
        row = next(iter(found), None)
        return (row[0], PairPerson(row[1], row[2], row[3], row[4])) if row else None

    # -- a round --------------------------------------------------------------------------

    async def new_round(
        self, tx: Tx, group_id: str, at: datetime, ran_by: str | None = None
    ) -> int:
        """Start a round (`ran_by`: who ran it by hand): earlier active pairings are done."""
        await tx.execute(
            "UPDATE mentoring_pairings SET state = 'done', ended_at = ?"
            " WHERE group_id = ? AND state = 'active'",
            (to_db(at), group_id),
        )
        found = await tx.execute_fetchall(
            "INSERT INTO mentoring_rounds (group_id, ran_at, ran_by) VALUES (?, ?, ?) RETURNING id",
            (group_id, to_db(at), ran_by),
        )
        row = next(iter(found), None)
        assert row is not None
        return int(row[0])

    async def propose(
        self,
        tx: Tx,
        group_id: str,
        round_id: int,
        people: Sequence[str],
        score: float,
        at: datetime,
    ) -> int:
        """Store a proposed pairing; returns its number."""
        found = await tx.execute_fetchall(
            "INSERT INTO mentoring_pairings (group_id, round_id, state, score, proposed_at)"
            " VALUES (?, ?, 'proposed', ?, ?) RETURNING id",
            (group_id, round_id, score, to_db(at)),
        )
        row = next(iter(found), None)
        assert row is not None
        await tx.executemany(
            "INSERT INTO mentoring_pair_people (pairing_id, user_id) VALUES (?, ?)",
            [(row[0], u) for u in people],
        )
        return int(row[0])

    async def answer(
        self, tx: Tx, pairing_id: int, user_id: str, answer: str, at: datetime
    ) -> bool:
        """Record Accept or Skip while the pairing is proposed; False if it no longer is."""
        cur = await tx.execute(
            "UPDATE mentoring_pair_people SET answer = ?, answered_at = ?"
            " WHERE pairing_id = ? AND user_id = ? AND pairing_id IN"
            " (SELECT id FROM mentoring_pairings WHERE state = 'proposed')",
            (answer, to_db(at), pairing_id, user_id),
        )
        return cur.rowcount > 0

    async def start_if_all_accepted(self, tx: Tx, pairing_id: int, at: datetime) -> bool:
        """Make a proposed pairing active once everyone in it accepted; True if it started."""
        cur = await tx.execute(
            "UPDATE mentoring_pairings SET state = 'active', started_at = ?"
            " WHERE id = ? AND state = 'proposed' AND NOT EXISTS (SELECT 1 FROM"
            " mentoring_pair_people WHERE pairing_id = ? AND answer IS DISTINCT FROM 'accept')",
            (to_db(at), pairing_id, pairing_id),
        )
        return cur.rowcount > 0

    async def move(
        self,
        tx: Tx,
        pairing_id: int,
        before: str,
        after: str,
        at: datetime,
        *,
        early: bool = False,
    ) -> bool:
        """Move a pairing from one state to another; False if it was not in `before`."""
        cur = await tx.execute(
            "UPDATE mentoring_pairings SET state = ?, ended_at = ?, ended_early = ?"
            " WHERE id = ? AND state = ?",
            (after, to_db(at), int(early), pairing_id, before),
        )
        return cur.rowcount > 0

    async def check_in(self, tx: Tx, member_id: int, answer: str, at: datetime) -> None:
        """Store someone's "did you meet?" answer; a "met" marks the pairing met."""
        await tx.execute(
            "UPDATE mentoring_pair_people SET checkin = ?, checked_in_at = ? WHERE id = ?",
            (answer, to_db(at), member_id),
        )
        if answer == "met":
            await tx.execute(
                "UPDATE mentoring_pairings SET met = 1 WHERE id ="
                " (SELECT pairing_id FROM mentoring_pair_people WHERE id = ?)",
                (member_id,),
            )

    # -- history and counts ---------------------------------------------------------------

    async def recent_pairs(self, group_id: str, rounds: int) -> frozenset[frozenset[str]]:
        """Pairs proposed in the last `rounds` rounds (trios count as their three pairs)."""
        return await self._pairs(
            group_id,
            "round_id IN (SELECT id FROM mentoring_rounds WHERE group_id = ?"
            " ORDER BY id DESC LIMIT ?)",
            (group_id, rounds),
        )

    async def ended_early_pairs(self, group_id: str) -> dict[frozenset[str], datetime]:
        """Pairs whose pairing was ended early, ever, with when it last ended."""
        rows = await self.conn.execute_fetchall(
            "SELECT a.user_id, b.user_id, max(g.ended_at) FROM mentoring_pairings g"
            " JOIN mentoring_pair_people a ON a.pairing_id = g.id"
            " JOIN mentoring_pair_people b ON b.pairing_id = g.id AND b.user_id > a.user_id"
            " WHERE g.group_id = ? AND g.ended_early = 1 GROUP BY a.user_id, b.user_id",
            (group_id,),
        )
        found = {}
        for a, b, at in rows:
            when = from_db(at)
            assert when is not None
            found[frozenset((a, b))] = when
        return found

    async def skipped_pairs(self, group_id: str, rounds: int) -> frozenset[frozenset[str]]:
        """Pairs proposed in the last `rounds` rounds that did not start: not both said yes.

        In a trio that one person skipped, the two who accepted may meet again.
        """
        rows = await self.conn.execute_fetchall(
            "SELECT a.user_id, b.user_id FROM mentoring_pairings g"
            " JOIN mentoring_pair_people a ON a.pairing_id = g.id"
            " JOIN mentoring_pair_people b ON b.pairing_id = g.id AND b.user_id > a.user_id"
            " WHERE g.group_id = ? AND g.state = 'skipped'"
            " AND (a.answer IS DISTINCT FROM 'accept' OR b.answer IS DISTINCT FROM 'accept')"
            " AND g.round_id IN (SELECT id FROM mentoring_rounds WHERE group_id = ?"
            " ORDER BY id DESC LIMIT ?)",
            (group_id, group_id, rounds),
        )
        return frozenset(frozenset((a, b)) for a, b in rows)

    async def _pairs(
        self, group_id: str, where: str, params: tuple[object, ...]
    ) -> frozenset[frozenset[str]]:
        rows = await self.conn.execute_fetchall(
            "SELECT pairing_id, user_id FROM mentoring_pair_people WHERE pairing_id IN"
            f" (SELECT id FROM mentoring_pairings WHERE group_id = ? AND {where})",
            (group_id, *params),
        )
        by_pairing: dict[int, list[str]] = {}
        for pairing_id, user_id in rows:
            by_pairing.setdefault(pairing_id, []).append(user_id)
        return frozenset(
            frozenset(two)
            for people in by_pairing.values()
            for two in itertools.combinations(people, 2)
        )

    async def open_pairings(self, group_id: str, user_id: str) -> list[Pairing]:
        """Someone's proposed or active pairings."""
        return [p for p in await self.of_person(group_id, user_id) if p.state in OPEN]

    async def counts(self, group_id: str, since: datetime, until: datetime) -> Counts:
        """Pairings proposed in a period: made, started, met, ended early."""
        found = await self.conn.execute_fetchall(
            "SELECT count(*), count(started_at), coalesce(sum(met), 0),"
            " coalesce(sum(ended_early), 0) FROM mentoring_pairings"
            " WHERE group_id = ? AND proposed_at >= ? AND proposed_at < ?",
            (group_id, to_db(since), to_db(until)),
        )
        row = next(iter(found), None)
        assert row is not None
        return Counts(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    async def activity(
        self, group_id: str, since: datetime, until: datetime
    ) -> list[tuple[str, datetime, str]]:
        """(who, when, what): answers to proposals and to check-ins in a period."""
        found: list[tuple[str, datetime, str]] = []
        for column, what in (
            ("answered_at", "answered a pairing"),
            ("checked_in_at", "checked in"),
        ):
            rows = await self.conn.execute_fetchall(
                f"SELECT p.user_id, p.{column} FROM mentoring_pair_people p"
                " JOIN mentoring_pairings g ON g.id = p.pairing_id WHERE g.group_id = ?"
                f" AND p.{column} >= ? AND p.{column} < ?",
                (group_id, to_db(since), to_db(until)),
            )
            for user_id, at in rows:
                when = from_db(at)
                assert when is not None
                found.append((user_id, when, what))
        return found

    async def rounds_run(
        self, group_id: str, since: datetime, until: datetime, user_id: str | None = None
    ) -> list[tuple[str, datetime]]:
        """(who, when) of the rounds run by hand in a period (or by one person)."""
        sql = (
            "SELECT ran_by, ran_at FROM mentoring_rounds WHERE group_id = ? AND ran_by IS NOT"
            " NULL AND ran_at >= ? AND ran_at < ?"
        )
        params: tuple[str, ...] = (group_id, to_db(since), to_db(until))
        if user_id is not None:
            sql += " AND ran_by = ?"
            params += (user_id,)
        rows = await self.conn.execute_fetchall(sql + " ORDER BY id", params)
        return [(r[0], at) for r in rows if (at := from_db(r[1])) is not None]

    async def forget(self, tx: Tx, group_id: str, user_id: str, at: datetime) -> int:
        """End someone's open pairings and take them out of every pairing (counts stay).

        Rounds they ran stay, run by nobody.
        """
        await tx.execute(
            "UPDATE mentoring_rounds SET ran_by = NULL WHERE group_id = ? AND ran_by = ?",
            (group_id, user_id),
        )
        await tx.execute(
            "UPDATE mentoring_pairings SET state = CASE state WHEN 'proposed' THEN 'skipped'"
            " ELSE 'ended' END, ended_at = ? WHERE group_id = ? AND state IN"
            " ('proposed', 'active') AND id IN (SELECT pairing_id FROM mentoring_pair_people"
            " WHERE user_id = ?)",
            (to_db(at), group_id, user_id),
        )
        cur = await tx.execute(
            "DELETE FROM mentoring_pair_people WHERE user_id = ? AND pairing_id IN"
            " (SELECT id FROM mentoring_pairings WHERE group_id = ?)",
            (user_id, group_id),
        )
        return cur.rowcount
