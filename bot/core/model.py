"""The neutral model every platform renders: users, roles, replies, actions, choices."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from enum import IntEnum


class Role(IntEnum):
    """How much a person may steer the group; higher includes lower."""

    PARTICIPANT = 1
    FACILITATOR = 2
    ORGANISER = 3

    @classmethod
    def parse(cls, text: str) -> Role:
        """Read a role name such as 'facilitator'; raise ValueError naming the choices."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(r.name.lower() for r in cls)
            raise ValueError(f"unknown role {text!r}; choose one of {names}") from None

    @property
    def label(self) -> str:
        """The role's name as the group says it."""
        return self.name.lower()

    @property
    def a(self) -> str:
        """With its article: 'an organiser', 'a facilitator'."""
        return ("an " if self.label[0] in "aeiou" else "a ") + self.label


@dataclass(frozen=True)
class User:
    """A person as a platform identifies them."""

    id: str
    name: str


@dataclass(frozen=True)
class Field:
    """A titled block of a reply."""

    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Action:
    """A button that runs a command with its arguments bound.

    Every action has a plain-text equivalent (`as_text`), so nobody is shut out by a
    client without buttons.
    """

    label: str
    command: str
    args: tuple[str, ...] = ()
    style: str = "primary"  # primary | secondary | success | danger

    def as_text(self) -> str:
        """The command a person could type instead of pressing the button."""
        words = [self.command, *(shlex.quote(a) for a in self.args)]
        return "!" + " ".join(words)


@dataclass(frozen=True)
class Choice:
    """A question answered by picking options, which a platform may render natively.

    The picked option numbers (1-based, comma separated) are appended to `args`
    and `command` is run, exactly as if the person had typed it.
    """

    key: str
    question: str
    options: tuple[str, ...]
    command: str
    args: tuple[str, ...] = ()
    max_selections: int = 1
    ordered: bool = False
    closed: bool = False
    # A platform must not render an anonymous choice where others can see who picked
    # what (a Matrix native poll), nor show running counts when results are hidden.
    anonymous: bool = False
    hide_results: bool = False


@dataclass(frozen=True)
class Reply:
    """What the bot says: the only thing a cog ever hands a platform."""

    body: str = ""
    title: str | None = None
    fields: tuple[Field, ...] = ()
    actions: tuple[Action, ...] = ()
    picture: bytes | None = None
    private: bool = False
    error: bool = False
    # A reply with a key is a living message: later `update`s to the key edit it.
    key: str | None = None
    choice: Choice | None = None
    # Open a discussion thread on this message, with this title.
    thread: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def refusal(cls, message: str) -> Reply:
        """A private error answer."""
        return cls(body=message, private=True, error=True)
