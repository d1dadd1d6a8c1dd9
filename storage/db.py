"""Where the rest of the project opens the database: `Database.open(path or address)`."""

from storage.engine import Database, DatabaseUnusable, Done, Reads, Row, Tx

__all__ = ["Database", "DatabaseUnusable", "Done", "Reads", "Row", "Tx"]
