"""`!me forget` leaves no trace of the person in any table, with every feature in use.

alice uses every feature through the shell (polls, ideas, mentoring, meetings, plans,
contributions, the digest), as a participant and as a facilitator, then asks to be
forgotten. The check is generated from the schema itself: every table and every TEXT
column read from the database's own catalogue (sqlite_master and PRAGMA table_info, or
PostgreSQL's information_schema), so a new table cannot escape it. The scenario runs on
this run's engine.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import feature_parts
from bot.core.model import Reply, Role
from storage.db import Database
from tests import engines
from tests.harness import Harness

ROOT = Path(__file__).resolve().parents[2]
WHO = "alice"  # no other name, option or text in the scenario contains it

# Column types that can hold an id written as text (STRICT tables name theirs).
TEXTUAL = {"TEXT", "ANY", ""}

# Tables that never held alice in the scenario, and why that is right. A new table must be
# either filled with alice by the scenario or listed here, so it cannot escape the check.
NOT_ABOUT_PEOPLE = {
    "groups": "the group itself",
    "group_settings": "the group's settings",
    "digests": "which week the digest went out",
    "poll_options": "option labels",
    "idea_thread_days": "message counts per day, never who wrote them",
    "meeting_skips": "dates called off",
    "meeting_plan_slots": "times offered",
    "mentoring_pairings": "counts only; who was in a pairing is in mentoring_pair_people",
    "mentoring_schedule": "the next round's date",
    "scheduled": "job kinds and refs (numbers, never people)",
    "posts": "where living messages went",
    "shell_clock": "the shell's clock",
    "schema_versions": "each part's schema version",
    # A claim on a person's lane names them, for a moment; forget deletes it (tested in
    # tests/storage/test_postgres_processes.py, where several processes make claims).
    "work_claims": "which process sends which lane or runs which job, for a moment",
    "stored_actions": "buttons' commands",
    "stored_choices": "menus' questions and options",
    "matrix_sync": "the Matrix platform's sync position",
    "matrix_events": "Matrix event ids already handled",
    "bot_instance": "the database's own random name, for idempotency keys",
    "matrix_polls": "Matrix native polls' event ids",
    # Filled only by a chat platform, never through the shell: see the report in this branch.
    "matrix_dm_rooms": "Matrix only (the shell has no DM rooms)",
    "matrix_poll_responses": "Matrix only (answers to native polls)",
    "discord_dm_fallbacks": "Discord only (DMs refused by Discord)",
}

# Real leaks this test found in features other than polls and the digest, reported rather
# than fixed here (strict: once fixed, the xfail fails and is removed).
KNOWN_LEAKS: dict[tuple[str, str], str] = {}


def schema_columns() -> list[tuple[str, str]]:
    """(table, column) for every textual column of the schema the migrations build.

    The releases' sequence, then each feature's own steps, on a new SQLite file.
    """

    async def build(path: Path) -> None:
        db = await Database.open(path, parts=feature_parts())
        await db.close()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.sqlite3"
        asyncio.run(build(path))
        conn = sqlite3.connect(path)
        try:
            return textual_columns(conn)
        finally:
            conn.close()


def textual_columns(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every textual column of every table in a database, from its own catalogue."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return [
        (table, column)
        for table in tables
        for _, column, kind, *_ in conn.execute(f'PRAGMA table_info("{table}")')
        if kind.upper() in TEXTUAL
    ]


@dataclass(frozen=True)
class Store:
    """The scenario's database: a SQLite file, or a PostgreSQL database on the test server."""

    target: str

    def rows(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        return engines.read(self.target, sql, *params)

    def textual_columns(self) -> list[tuple[str, str]]:
        """Every textual column of every table, from the database's own catalogue."""
        if "://" not in self.target:
            conn = sqlite3.connect(self.target)
            try:
                return textual_columns(conn)
            finally:
                conn.close()
        return [
            (str(table), str(column))
            for table, column in self.rows(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND data_type = 'text'"
                " ORDER BY table_name, ordinal_position"
            )
        ]

    def containing(self, table: str, column: str, who: str) -> list[tuple[Any, ...]]:
        """The values of a column that contain `who` (compared exactly, case and all)."""
        found = "strpos" if "://" in self.target else "instr"
        return self.rows(f'SELECT "{column}" FROM "{table}" WHERE {found}("{column}", ?) > 0', who)

    def holding(self, who: str) -> set[tuple[str, str]]:
        """The (table, column) pairs where some row's text contains `who`."""
        return {tc for tc in self.textual_columns() if self.containing(*tc, who)}


@dataclass(frozen=True)
class Forgetting:
    """What the scenario left: the database, where alice was before and after, answers."""

    store: Store
    columns: list[tuple[str, str]]
    before: set[tuple[str, str]]
    after: set[tuple[str, str]]
    told: Reply
    results: Reply
    voters: Reply


async def ok(h: Harness, who: str, text: str) -> Reply:
    """A step of the scenario, which must not be refused.

    A refusal raises RuntimeError, not AssertionError, so a broken scenario is an error in
    every check, never taken for the known leak's expected failure.
    """
    reply = await h.say(who, text)
    if reply.error:
        raise RuntimeError(f"{who}: {text}: {reply.body}")
    return reply


def feature_scenarios() -> list[tuple[str, str]]:
    """Lines other features' tests add to the scenario: a `FORGET_SCENARIO` in their module.

    A new feature puts the use of its tables beside its own tests (tests/cogs/test_NAME.py),
    so the check covers it without this file changing.
    """
    lines: list[tuple[str, str]] = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        if "\nFORGET_SCENARIO" in path.read_text(encoding="utf-8"):
            module = importlib.import_module(f"tests.cogs.{path.stem}")
            lines.extend(module.FORGET_SCENARIO)
    return lines


async def everything_then_forget(store: Store, keys: Path) -> Forgetting:
    """alice uses every feature (facilitating too), then `!me forget confirm`."""
    h = Harness(store.target)
    h.config = dataclasses.replace(h.config, keys=str(keys))
    await h.start()
    try:
        h.as_role(WHO, Role.FACILITATOR)
        h.as_role("fran", Role.FACILITATOR)
        await h.join(WHO, "bob", "carol", "fran", "pete")
        for who, text in (
            ("olivia", '!settings set constituencies "service user, provider"'),
            ("olivia", "!settings set digest_to facilitators"),
            (WHO, '!me constituency "service user"'),
            (WHO, "!me timezone Europe/Paris"),
            (WHO, "!me quiet 22:00-07:00"),
            ("pete", "!me quiet 08:30-23:00"),  # holds what is owed to pete by day
            # Polls: one she asks (open), a named one closed by her, a consent Block with its
            # reason, an anonymous one.
            (WHO, '!poll create "Lunch?" soup salad --closes "in 3 days"'),
            ("fran", '!poll create "Done?" yes no'),
            ("fran", '!poll create "Rota?" --kind consent'),
            ("fran", '!poll create "Secret?" yes no --anonymous'),
            (WHO, "!poll vote 1 1"),
            (WHO, "!poll vote 2 1"),
            ("bob", "!poll vote 2 2"),
            (WHO, '!poll vote 3 block --reason "Too soon for us"'),
            (WHO, "!poll vote 4 1"),
            (WHO, "!poll close 2"),
            # Ideas: hers (named and anonymous), supporting and moving bob's, a decision poll.
            (WHO, '!idea add "Evening sessions for shift workers"'),
            ("bob", '!idea add "Free tea at every meeting"'),
            (WHO, '!idea add "A quiet room during meetings" --anonymous'),
            (WHO, "!idea support 2"),
            (WHO, "!idea status 2 discussing"),
            (WHO, '!idea status 2 adopted --reason "The budget allows it" --review "in 2 days"'),
            ("fran", "!idea poll 1"),
            (WHO, "!poll vote 5 object"),
            # Mentoring: joining, avoiding and being avoided, running a round, a concern.
            (WHO, '!mentor join mentee --topics "benefits, housing"'),
            ("pete", "!mentor join mentor"),
            ("bob", "!mentor join peer"),
            ("carol", "!mentor join peer"),
            ("bob", f"!mentor avoid @{WHO}"),
            (WHO, "!mentor avoid @carol"),
            (WHO, "!mentor round"),
            (WHO, '!mentor concern "We never manage to meet"'),
            # Meetings: a plan she runs and answers, a meeting, contributions.
            (WHO, '!meeting plan "Away day" "10 dec 10am" "11 dec 10am" --closes "friday 9am"'),
            (WHO, "!meeting avail 1 1=yes 2=maybe"),
            ("bob", "!meeting avail 1 1=no 2=yes"),
            (WHO, '!meeting add "Steering group" "tuesday 18:00" --length 90m'),
            (WHO, "!meeting rsvp 1 going"),
            (WHO, '!contrib log 2h "prepared the survey"'),
            ("fran", "!contrib confirm 1"),
            *feature_scenarios(),
        ):
            await ok(h, who, text)
        (pairing,) = h.rows("SELECT pairing_id FROM mentoring_pair_people WHERE user_id = ?", WHO)
        await ok(h, WHO, f"!mentor accept {pairing[0]}")
        await ok(h, "pete", f"!mentor accept {pairing[0]}")
        await h.wait(timedelta(days=1, hours=10))  # Tuesday 19:00, during the meeting
        await ok(h, WHO, "!meeting here 1")
        await ok(h, "fran", f"!meeting attended 1 @{WHO} @bob")
        await ok(h, "bob", '!contrib log 1h "flyers"')
        await ok(h, WHO, '!contrib query 3 --reason "Which flyers?"')
        # Monday 19:00: the plan has closed, the digest gone out, and "Did you meet?" asked;
        # pete's copy, naming alice, waits for his quiet hours to end at 23:00.
        await h.wait(timedelta(days=6))
        await ok(h, WHO, "!digest preview")
        await ok(h, WHO, f"!mentor checkin {pairing[0]} met")
        before = store.holding(WHO)
        told = await ok(h, WHO, "!me forget confirm")
        results = await ok(h, "olivia", "!poll results 2")
        voters = await ok(h, "fran", "!poll voters 2")
    finally:
        await h.close()
    columns = store.textual_columns()
    return Forgetting(store, columns, before, store.holding(WHO), told, results, voters)


@pytest.fixture(scope="module")
def forgotten(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Forgetting]:
    """The scenario, run once for every check in this module, on this run's engine."""
    folder = tmp_path_factory.mktemp("forget")
    if not engines.on_postgres():
        yield asyncio.run(everything_then_forget(Store(str(folder / "g.sqlite3")), folder / "k"))
        return
    # A database of the module's own: the per-test ones are emptied after each test.
    server = engines.server()
    name = f"forget_{server.run_id}"
    try:
        yield asyncio.run(
            everything_then_forget(Store(server.copy_of_template(name)), folder / "k")
        )
    finally:
        server.drop(name)


COLUMNS = schema_columns()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        pytest.param(
            *tc, marks=pytest.mark.xfail(strict=True, raises=AssertionError, reason=KNOWN_LEAKS[tc])
        )
        if tc in KNOWN_LEAKS
        else tc
        for tc in COLUMNS
    ],
)
def test_no_column_holds_the_forgotten_person(
    forgotten: Forgetting, table: str, column: str
) -> None:
    """After `!me forget confirm`, this column of this table holds no trace of alice's id."""
    found = forgotten.store.containing(table, column, WHO)
    assert found == [], f"{table}.{column} still holds {WHO}: {found[:3]}"


def test_the_check_covers_the_schema_the_bot_built(forgotten: Forgetting) -> None:
    """The columns checked are exactly those of the database the scenario ran on."""
    assert sorted(forgotten.columns) == sorted(COLUMNS)


def test_every_table_about_people_held_her_before_the_forget(forgotten: Forgetting) -> None:
    """Each table either held alice before the forget or is listed as holding nobody."""
    tables = {t for t, _ in COLUMNS}
    seeded = {t for t, _ in forgotten.before}
    assert seeded & set(NOT_ABOUT_PEOPLE) == set(), "listed as holding nobody, yet held alice"
    assert tables - seeded - set(NOT_ABOUT_PEOPLE) == set(), "use it in the scenario, or list it"
    # The person-holding columns, written out: each feature's and the core's.
    assert {
        ("members", "user_id"), ("people", "user_id"), ("outbox_sends", "target"),
        ("polls", "author_id"), ("ballots", "voter"),
        ("ideas", "author_id"), ("idea_supports", "user_id"), ("idea_history", "by_id"),
        ("mentoring_people", "user_id"), ("mentoring_avoid", "user_id"),
        ("mentoring_avoid", "avoided_id"), ("mentoring_pair_people", "user_id"),
        ("mentoring_concerns", "user_id"), ("meeting_rsvps", "user_id"),
        ("meeting_plan_answers", "user_id"), ("contrib_entries", "user_id"),
        ("mentoring_rounds", "ran_by"), ("meetings", "created_by"), ("meeting_plans", "created_by"),
        ("outbox_texts", "body"),
    } <= forgotten.before  # fmt: skip


def test_decided_results_keep_their_counts_without_her_name(forgotten: Forgetting) -> None:
    """Poll 2 (closed) still counts her vote; `!poll voters` shows it as someone who left."""
    told = "\n".join(f.value for f in forgotten.told.fields)
    assert "erased: your membership" in told and "without your name" in told
    assert "yes: 1" in forgotten.results.body and "no: 1" in forgotten.results.body
    assert forgotten.voters.body.splitlines() == ["bob: no", "someone who left: yes"]
    counted = forgotten.store.rows("SELECT poll_id, count(*) FROM ballots GROUP BY poll_id")
    ballots = {poll: count for poll, count in counted}
    # Closed polls 1 and 2 keep her ballot unnamed; the open ones (3, the anonymous 4, found
    # by its key, and 5) lose it, and she was alone in them.
    assert ballots == {1: 1, 2: 2}
