"""A command line split into words as typed: quotes honoured, never needed for plain text.

Quoting is shell-style (what `shlex.quote` writes reads back), but a quote opens only where a
word starts, so the apostrophes of ordinary writing ("can't", "people's") are letters, and
curly quotes from phones work like straight ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Self

from bot.core.errors import UserError
from bot.core.i18n import N_, _


def readable(text: str) -> str:
    """Text as it can be stored and printed: bytes that were not UTF-8 become U+FFFD."""
    return text.encode("utf-8", "replace").decode("utf-8", "replace")


class Word(str):
    """One word of a command line, remembering whether it was quoted and where it stood."""

    quoted: bool
    place: int  # its place among the line's words
    start: int  # where it starts and ends in `source`, quotes included
    end: int
    source: str

    def __new__(
        cls, value: str, quoted: bool, place: int, span: tuple[int, int], source: str
    ) -> Self:
        word = super().__new__(cls, value)
        word.quoted, word.place, (word.start, word.end), word.source = quoted, place, span, source
        return word


# Opening quote -> its closing quote; curly ones are what phones type.
QUOTES = {'"': '"', "'": "'", "“": "”", "”": "”", "‘": "’", "„": "“"}
_UNCLOSED = N_(
    "A quote was opened but not closed. Put the text in matching quotes, or leave the quotes "
    "out: e.g. `!idea add Saturday drop-in for people who work`."
)


def _closing(text: str, i: int) -> int:
    """Where the quote opened at `i` closes: before a space, the end, or another quote."""
    close = QUOTES[text[i]]
    j = i + 1
    while j < len(text):
        if text[j] == "\\" and close == '"' and j + 1 < len(text) and text[j + 1] in '"\\':
            j += 2
            continue
        if text[j] == close and (
            j + 1 == len(text) or text[j + 1].isspace() or text[j + 1] in QUOTES
        ):
            return j
        j += 1
    raise UserError(_(_UNCLOSED))


def split_words(text: str) -> list[str]:
    """Split on spaces, honouring quotes (shell-style, as `shlex.quote` writes them).

    A quote opens only where a word (or another quoted part, or an `--option=`) starts, so
    the apostrophes of ordinary writing never do. The leading `!` is optional.
    """
    text = readable(text).strip()
    if text.startswith("!"):
        text = text[1:]
    words: list[str] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        start, parts, quoted, opens = i, [], False, True
        while i < len(text) and not text[i].isspace():
            if opens and text[i] in QUOTES:
                j = _closing(text, i)
                inner = text[i + 1 : j]
                parts.append(re.sub(r'\\(["\\])', r"\1", inner) if text[i] == '"' else inner)
                quoted, i = True, j + 1
                continue
            parts.append(text[i])
            opens = (
                text[i] == "="
                and text[start : start + 2] == "--"
                and "=" not in "".join(parts[:-1])
            )
            i += 1
        words.append(Word("".join(parts), quoted, len(words), (start, i), text))
    return words


def joined(words: Sequence[str]) -> str:
    """Several words as one text, as typed (spacing and any quote marks kept); one word as is."""
    if len(words) == 1:
        return str(words[0])
    text = ""
    for before, word in zip([None, *words], words, strict=False):
        if not isinstance(word, Word):
            text += (" " if before is not None else "") + word
        elif isinstance(before, Word) and before.place + 1 == word.place:
            text += word.source[before.end : word.end]
        else:
            text += (" " if before is not None else "") + word.source[word.start : word.end]
    return text


def quote(text: str) -> str:
    """A value as one word the parser reads back unchanged (shell-style quoting).

    Commas (a list) and colons (a title's end) are quoted too: unquoted, they mean something.
    """
    if text and re.fullmatch(r"[\w@%+=./-]+", text, re.ASCII) and not text.startswith("--"):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def percent(part: int, whole: int) -> int:
    """`part` of `whole` as a whole percentage: only all is 100% and only none is 0%.

    Rounding said 200 of 201 members had voted '(100%)'; now it is 99%, and 1 of 300 is 1%.
    """
    if whole <= 0 or part <= 0:
        return 0
    if part >= whole:
        return 100
    return min(99, max(1, round(100 * part / whole)))
