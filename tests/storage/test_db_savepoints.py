"""A savepoint rolled back takes back what waited for its commit; the rest still runs."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database


async def test_a_rolled_back_savepoint_forgets_its_commit_hooks(tmp_path: Path) -> None:
    """Hooks asked for inside a savepoint that failed never run; those from before it do."""
    db = await Database.open(tmp_path / "hooks.sqlite3")
    ran: list[str] = []
    try:
        async with db.transaction():
            db.on_commit(lambda: ran.append("before"))
            try:
                async with db.transaction():
                    db.on_commit(lambda: ran.append("undone"))
                    raise ValueError("refused")
            except ValueError:
                pass
            async with db.transaction():
                db.on_commit(lambda: ran.append("kept"))
            assert ran == []  # nothing before the commit
    finally:
        await db.close()
    assert ran == ["before", "kept"]
