"""The neutral model every platform renders: users, roles, replies, actions, choices."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from enum import IntEnum

from bot.core.i18n import N_, _


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
        """The role's name as it is typed (`:as sam organiser`, config files): English."""
        return self.name.lower()

    @property
    def said(self) -> str:
        """The role's name in the active language: 'organiser'."""
        return _(_ROLE_NAMES[self][0])

    @property
    def a(self) -> str:
        """With its article, in the active language: 'an organiser', 'a facilitator'."""
        return _(_ROLE_NAMES[self][1])


_ROLE_NAMES = {
    Role.PARTICIPANT: (N_("participant"), N_("a participant")),
    Role.FACILITATOR: (N_("facilitator"), N_("a facilitator")),
    Role.ORGANISER: (N_("organiser"), N_("an organiser")),
}


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
class Ask:
    """Text an action needs from the person before it runs, e.g. the reason for a Block.

    The answer fills one option of the command (`--reason TEXT`). Platforms ask natively
    (a Discord form, a prompt in the shell); the typed form shows where the answer goes.
    """

    option: str  # the command option the answer fills: "reason" -> --reason TEXT
    prompt: str  # the question, short (Discord shows at most 45 characters): "Why do you block?"
    note: str = ""  # what happens to the answer, shown with the question
    required: bool = True
    max_length: int | None = None  # longest answer a form takes; None: the platform's limit

    @property
    def flag(self) -> str:
        """How the option is typed: `--reason`."""
        return "--" + self.option.replace("_", "-")

    @property
    def placeholder(self) -> str:
        """The typed form with the answer left to fill: `--reason "your reason"`."""
        typed = f'{self.flag} "your {self.option.replace("_", " ")}"'
        return typed if self.required else f"[{typed}]"


@dataclass(frozen=True)
class Action:
    """A button that runs a command with its arguments bound.

    Every action has a plain-text equivalent (`as_text`), so nobody is shut out by a
    client without buttons. An action with `ask` needs text from the person first; run
    `with_answer(text)` once they have given it.
    """

    label: str
    command: str
    args: tuple[str, ...] = ()
    style: str = "primary"  # primary | secondary | success | danger
    ask: Ask | None = None

    def as_text(self) -> str:
        """The command a person could type instead of pressing the button.

        With `ask`, the answer's place is shown: `!poll vote 3 4 --reason "your reason"`.
        """
        words = [self.command, *(shlex.quote(a) for a in self.args)]
        if self.ask is not None:
            words.append(self.ask.placeholder)
        return "!" + " ".join(words)

    def with_answer(self, text: str) -> str:
        """The command to run once the person has answered `ask`, the answer quoted.

        A blank answer leaves the option out, so the command decides, exactly as when
        typed without it (a Block without a reason is refused).
        """
        if self.ask is None:
            raise ValueError(f"the action {self.label!r} asks for no text")
        words = [self.command, *(shlex.quote(a) for a in self.args)]
        answer = text.strip()
        if answer:
            words += [self.ask.flag, shlex.quote(answer)]
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
    # What an empty answer runs (a Matrix poll answer taken back): "poll withdraw 12".
    withdraw: str | None = None


@dataclass(frozen=True)
class File:
    """A file sent with a reply: Discord attaches it, Matrix uploads it, the shell saves it."""

    name: str  # "my-data.json"; what the person sees and saves it as
    data: bytes
    mime: str  # "application/json", "text/calendar", "image/png", "text/csv"
    alt: str = ""  # for a picture: what it shows, for screen readers (Discord, Matrix)

    @property
    def is_image(self) -> bool:
        """Whether platforms may show it inline as a picture."""
        return self.mime.startswith("image/")


@dataclass(frozen=True)
class Reply:
    """What the bot says: the only thing a cog ever hands a platform."""

    body: str = ""
    title: str | None = None
    fields: tuple[Field, ...] = ()
    actions: tuple[Action, ...] = ()
    private: bool = False
    error: bool = False
    # A reply with a key is a living message: later `update`s to the key edit it.
    key: str | None = None
    choice: Choice | None = None
    # Open a discussion thread on this message, with this title.
    thread: str | None = None
    files: tuple[File, ...] = ()
    # For its reader alone (the digest names quiet members): when a direct message cannot
    # reach them, a platform must not show it in a channel instead, only say it is waiting.
    confidential: bool = False
    # The language it was written in ('cy'), set by the core where it was composed: a
    # platform shows its times and its own words (a "More" field) in the same language.
    # Not part of what a reply says, so replies compare equal whatever it is.
    language: str | None = field(default=None, compare=False)

    @classmethod
    def refusal(cls, message: str) -> Reply:
        """A private error answer."""
        return cls(body=message, private=True, error=True)
