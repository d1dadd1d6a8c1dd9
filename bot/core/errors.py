"""Errors that become a clear answer to the person who typed the command."""


class UserError(Exception):
    """Bad input or a refusal: the message says what was wrong and what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(Exception):
    """The configuration cannot be used; the message names the dotted key."""
