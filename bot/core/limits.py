"""How long typed text may be: one limit per kind of text, the same in every command."""

from __future__ import annotations

from bot.core.errors import UserError


class TextLimit(int):
    """The most characters a kind of text may have; an int, so forms can use it as is."""

    kind: str  # "a title"

    def __new__(cls, most: int, kind: str) -> TextLimit:
        limit = super().__new__(cls, most)
        limit.kind = kind
        return limit


# A title names something in a heading (a poll's question, a meeting). A short text is one
# line (an option, a place or a meeting link, a list of topics); longer than a title, since
# an online meeting's link can be 300 characters. A long text is a reason, an idea, a note.
TITLE = TextLimit(200, "a title")
SHORT = TextLimit(300, "a short text")
LONG = TextLimit(2000, "a long text")


def limited(text: str, most: int, what: str) -> str:
    """`text` if it is within `most` characters; else a refusal naming the limit and its kind."""
    if len(text) <= most:
        return text
    kind = f" (the limit for {most.kind} in every command)" if isinstance(most, TextLimit) else ""
    raise UserError(
        f"{what} can be at most {most} characters{kind}; yours has {len(text)}. Shorten it."
    )
