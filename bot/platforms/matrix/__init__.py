"""The Matrix platform (mautrix): rooms are groups, text commands, native polls, DM rooms."""
