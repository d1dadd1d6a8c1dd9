"""Print a new recovery key for the bot's Matrix account (for matrix.recovery_key_env)."""

from __future__ import annotations

import sys

from bot.platforms.matrix.backup import new_recovery_key


def main() -> None:
    """Write a fresh recovery key to standard output, for matrix.recovery_key_env."""
    sys.stdout.write(new_recovery_key() + "\n")


if __name__ == "__main__":
    main()
