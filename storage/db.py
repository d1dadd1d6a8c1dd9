"""Where the rest of the project opens the database: `Database.open(path or address)`.

Importing this module makes both engines known: a path opens SQLite (storage/sqlite.py),
a `postgresql://` address opens PostgreSQL (storage/postgres.py).
"""

from storage.engine import Database, DatabaseUnusable, Done, Reads, Row, Tx
from storage.postgres import PostgresDatabase
from storage.sqlite import SqliteDatabase

Database.openers[""] = SqliteDatabase.connect
Database.openers["postgresql"] = PostgresDatabase.connect

__all__ = ["Database", "DatabaseUnusable", "Done", "Reads", "Row", "Tx"]
