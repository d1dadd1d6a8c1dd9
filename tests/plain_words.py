"""What the bot says, checked for plain English: plurals, '(s)', and a few known slips.

`problems(text)` lists what is wrong in one text. The nouns the bot counts are read from its
own ngettext calls ("{n} meeting" / "{n} meetings"), with the irregular ones written out,
so a new counted noun is checked without anyone remembering to add it here.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from bot.core.model import File, Reply

ROOT = Path(__file__).resolve().parents[1]
# Counted nouns said without ngettext somewhere, or worth checking whatever the calls say.
WRITTEN_OUT = {
    "person": "people",
    "member": "members",
    "vote": "votes",
    "meeting": "meetings",
    "pairing": "pairings",
    "hour": "hours",
    "minute": "minutes",
    "day": "days",
    "week": "weeks",
    "entry": "entries",
    "answer": "answers",
    "option": "options",
    "idea": "ideas",
    "poll": "polls",
    "time": "times",
    "character": "characters",
}
# Words a count may be separated from its noun by ("1 confirmed hour", "2 meeting answers");
# these words end the phrase instead ("1 of 10 members" counts no member).
_STOP = {
    "a", "an", "and", "are", "as", "at", "by", "each", "every", "for", "from", "has", "have",
    "her", "his", "in", "is", "its", "no", "not", "of", "on", "or", "out", "per", "than",
    "that", "the", "their", "these", "this", "those", "to", "was", "were", "with", "your",
}  # fmt: skip
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# Wrong forms that have slipped out before.
_SLIPS = {"withdrawed": "withdrawn"}


def _counted_pairs(tree: ast.AST) -> set[tuple[str, str]]:
    """(singular, plural) nouns of every ngettext/npgettext/Nn_ call with literal text."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        first = {"ngettext": 0, "Nn_": 0, "npgettext": 1}.get(name)
        if first is None or len(node.args) < first + 2:
            continue
        one, many = node.args[first], node.args[first + 1]
        if not (isinstance(one, ast.Constant) and isinstance(many, ast.Constant)):
            continue
        for pair in _differing_words(str(one.value), str(many.value)):
            found.add(pair)
    return found


def _differing_words(one: str, many: str) -> list[tuple[str, str]]:
    """The words after a count that differ between the forms: ('meeting', 'meetings')."""
    pairs = []
    for count in re.findall(r"\{(\w+)\}", one):
        a = re.search(r"\{" + count + r"\}((?: [a-z][a-z-]*){1,3})", one)
        b = re.search(r"\{" + count + r"\}((?: [a-z][a-z-]*){1,3})", many)
        if a and b:
            for x, y in zip(a[1].split(), b[1].split(), strict=False):
                if x != y:
                    pairs.append((x, y))
                    break
    return pairs


@functools.cache
def nouns() -> dict[str, str]:
    """singular -> plural for every noun the bot counts."""
    found = dict(WRITTEN_OUT)
    for folder in ("bot", "cogs"):
        for path in (ROOT / folder).rglob("*.py"):
            for one, many in _counted_pairs(ast.parse(path.read_text(encoding="utf-8"))):
                if one not in ("is", "has", "was") and many not in ("are", "have", "were"):
                    found.setdefault(one, many)
    return found


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    singular = "|".join(sorted(nouns(), key=len, reverse=True))
    plural = "|".join(sorted(set(nouns().values()), key=len, reverse=True))
    between = r"(?: (?!(?:" + "|".join(sorted(_STOP)) + r")\b)[a-z][a-z-]*){0,2}"
    count = r"(?<![\w.,:+/-])(?P<n>\d+)"
    # The noun ends the phrase: in "2 meeting answers" the count is of answers.
    last = r"\b(?! (?:" + singular + "|" + plural + r")\b)"
    return (
        re.compile(count + between + r" (?P<noun>" + plural + r")" + last),
        re.compile(count + between + r" (?P<noun>" + singular + r")" + last),
    )


def problems(text: str) -> list[str]:
    """What is wrong in one text the bot says (typed commands in `backticks` are left out)."""
    prose = re.sub(r"`[^`]*`", "`…`", text)
    found = []
    if "(s)" in prose:
        found.append("'(s)' instead of a count that agrees")
    many_nouns, one_nouns = _patterns()
    plural_of = nouns()
    singular_of = {v: k for k, v in plural_of.items()}
    for m in many_nouns.finditer(prose):
        if int(m["n"]) == 1 and m["noun"] not in plural_of:
            found.append(f"{m[0]!r}: 1 with a plural ({singular_of[m['noun']]!r} is right)")
    for m in one_nouns.finditer(prose):
        if int(m["n"]) != 1 and m["noun"] not in singular_of:
            found.append(f"{m[0]!r}: {m['n']} with a singular ({plural_of[m['noun']]!r} is right)")
    for m in re.finditer(r"(?:^|[;:] )(?P<n>\d+) (?P<verb>is|are|has|have|was|were)\b", prose):
        one = m["verb"] in ("is", "has", "was")
        if one != (int(m["n"]) == 1):
            found.append(f"{m[0].strip('; :')!r}: the verb does not agree with {m['n']}")
    for m in re.finditer(r"\b(?:[Ee]very|[Oo]n) (" + _WEEKDAYS + r")\b", prose):
        found.append(f"{m[0]!r}: a day of the week starts with a capital")
    for m in re.finditer(r"(?<![\w-])\d{4}-(?:0[1-9]|1[0-2]):", prose):
        found.append(f"{m[0]!r}: a month written as a code; name it ('December 2026')")
    for wrong, right in _SLIPS.items():
        if re.search(rf"\b{wrong}\b", prose):
            found.append(f"{wrong!r}: write {right!r}")
    return found


def file_text(file: File) -> str:
    """What people read in a file the bot sends: a table, a calendar, a list (not data)."""
    if not file.mime.startswith(("text/csv", "text/calendar", "text/plain")):
        return file.alt
    text = file.data.decode("utf-8", "replace")
    if file.mime.startswith("text/calendar"):  # only the lines people read in a calendar
        keep = ("SUMMARY", "DESCRIPTION", "LOCATION")
        text = "\n".join(line for line in text.splitlines() if line.startswith(keep))
    return text + ("\n" + file.alt if file.alt else "")


def reply_texts(reply: Reply) -> list[str]:
    """Every text of a reply people read: title, body, fields, buttons, files."""
    texts = [reply.title or "", reply.body]
    texts += [t for f in reply.fields for t in (f.name, f.value)]
    texts += [a.label for a in reply.actions]
    texts += [a.ask.prompt + "\n" + a.ask.note for a in reply.actions if a.ask]
    texts += [file_text(f) for f in reply.files]
    return [t for t in texts if t]
