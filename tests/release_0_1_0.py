"""The release-0.1.0 database, placed into a test's own Discord server or Matrix room.

The fixture's groups have placeholder ids (`discord:1`, `matrix:!r:hs`) and its buttons point
at polls of the shell group. Platform tests copy it and, still in the 0.1.0 schema (so the
upgrade runs on a file shaped as that release wrote it), rename a group to the test's own
server or room and move the polls its buttons act on there.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "release-0.1.0.sqlite3"

# Every 0.1.0 table that names a group, and the column that does.
GROUP_COLUMNS = {
    "groups": "id",
    "members": "group_id",
    "polls": "group_id",
    "scheduled": "group_id",
    "posts": "group_id",
    "discord_actions": "group_id",
    "discord_choices": "group_id",
    "discord_dm_fallbacks": "group_id",
    "matrix_polls": "group_id",
}


def copy_into(
    path: Path,
    *,
    group: str,
    to_group: str,
    channel: str,
    polls: tuple[int, ...],
    renames: dict[tuple[str, str], tuple[str, str]] | None = None,
) -> None:
    """Copy the 0.1.0 file to `path`: `group` becomes `to_group`, and `polls` move into it.

    `renames` maps (table, column) to (old value, new value), for ids of the platform itself
    (a Matrix room or event id that must be real on the test server).
    """
    shutil.copy(FIXTURE, path)
    conn = sqlite3.connect(path)
    try:
        with conn:
            for table, column in GROUP_COLUMNS.items():
                conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (to_group, group)
                )
            marks = ",".join("?" * len(polls))
            conn.execute(
                f"UPDATE polls SET group_id = ?, channel_id = ? WHERE id IN ({marks})",
                (to_group, channel, *polls),
            )
            for (table, column), (old, new) in (renames or {}).items():
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old))
    finally:
        conn.close()
