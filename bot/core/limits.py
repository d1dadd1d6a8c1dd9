"""How long typed text may be: one limit per kind of text, the same in every command."""

from __future__ import annotations

from bot.core.errors import UserError
from bot.core.i18n import N_, _, ngettext


class TextLimit(int):
    """The most characters a kind of text may have; an int, so forms can use it as is."""

    kind: str  # "a title", marked for translation; said with _(limit.kind)

    def __new__(cls, most: int, kind: str) -> TextLimit:
        limit = super().__new__(cls, most)
        limit.kind = kind
        return limit


# A title names something in a heading (a poll's question, a meeting). A short text is one
# line (an option, a place or a meeting link, a list of topics); longer than a title, since
# an online meeting's link can be 300 characters. A long text is a reason, an idea, a note.
TITLE = TextLimit(200, N_("a title"))
SHORT = TextLimit(300, N_("a short text"))
LONG = TextLimit(2000, N_("a long text"))


def limited(text: str, most: int, what: str) -> str:
    """`text` if it is within `most` characters; else a refusal naming the limit and its kind."""
    if len(text) <= most:
        return text
    kind = (
        _(" (the limit for {kind} in every command)", kind=_(most.kind))
        if isinstance(most, TextLimit)
        else ""
    )
    raise UserError(
        ngettext(
            "{what} can be at most {n} character{kind}; yours has {length}. Shorten it.",
            "{what} can be at most {n} characters{kind}; yours has {length}. Shorten it.",
            int(most),
            what=what,
            kind=kind,
            length=len(text),
        )
    )
