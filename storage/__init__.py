"""The only code that holds SQL: one SQLite file, migrations and repositories."""
