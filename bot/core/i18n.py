"""Words in the reader's language: gettext for sentences, Babel for numbers, lists, lengths, dates.

Every sentence the bot says goes through `_()` (or `ngettext()` when it counts something),
so one and many read right in English ("1 meeting", "2 meetings") and a catalogue in
`bot/locale/LANG/LC_MESSAGES/messages.po` can say it in another language. Catalogues are
compiled by Babel when first used (in memory, once a process): adding a language is adding
its .po file. The language is a context variable: a command, a job or a delivery sets it
for the person it speaks to (`speaking(...)`); with no catalogue for it the English text
comes back.

Text declared once and shown later (a setting's help, a command's description, a module
constant) is marked with `N_()` (or `Nn_()` for a counted pair) so extraction finds it, and
translated where it is shown: `_(setting.help)`.

Extraction (writes bot/locale/messages.pot; see README "Translations"):

    .venv/bin/pybabel extract -F babel.cfg -o bot/locale/messages.pot \
        --project=coproduction-bot --no-wrap --sort-by-file \
        -k N_ -k Nn_:1,2 -k Arg .
"""

from __future__ import annotations

import functools
import gettext
import io
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, TypeVar

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, get_day_names
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.units import format_unit

ListStyle = Literal["standard", "or", "unit", "unit-narrow"]
T = TypeVar("T")
DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# Another folder of catalogues instead of bot/locale (tests; a deployment's own languages).
LOCALE_ENV = "COPROD_LOCALE_DIR"
# The language the messages are written in: British English ("organiser", no Oxford comma).
DEFAULT = "en_GB"
# What people type and settings store for it: `!me language en`.
ENGLISH = "en"

_language: ContextVar[str] = ContextVar("language", default=DEFAULT)


def language() -> str:
    """The language being spoken now: 'en_GB' unless someone's choice says otherwise."""
    return _language.get()


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Speak `code` ('cy', 'en') inside the block; None keeps the language as it is."""
    if code is None:
        yield
        return
    token = _language.set(DEFAULT if code == ENGLISH else code)
    try:
        yield
    finally:
        _language.reset(token)


def locale_dir() -> Path:
    """The folder of catalogues: bot/locale, or the one COPROD_LOCALE_DIR names."""
    return Path(os.environ.get(LOCALE_ENV) or LOCALE_DIR)


def _source(folder: Path, code: str) -> Path | None:
    """The .po file for a language ('cy_GB' falls back to 'cy'), if there is one."""
    for name in dict.fromkeys((code, code.split("_")[0])):
        path = folder / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            return path
    return None


@functools.cache
def _compiled(folder: Path, code: str) -> gettext.NullTranslations:
    """A .po catalogue compiled by Babel in memory; English comes back where there is none.

    Entries left empty or marked fuzzy are not compiled, so they are said in English; the
    plural forms are the catalogue's own (its Plural-Forms header), not Babel's guess.
    """
    source = _source(folder, code)
    if source is None:
        return gettext.NullTranslations()
    with source.open("rb") as f:
        catalog = read_po(f, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _catalogue(code: str) -> gettext.NullTranslations:
    """The catalogue for a language, compiled once a process."""
    return _compiled(locale_dir(), code)


def languages() -> tuple[str, ...]:
    """The languages offered: English, then every language with a catalogue ('cy')."""
    return _languages_in(locale_dir())


@functools.cache
def _languages_in(folder: Path) -> tuple[str, ...]:
    found = sorted(
        p.parent.parent.name
        for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
        if p.parent.parent.name != ENGLISH
    )
    return (ENGLISH, *found)


def language_name(code: str, in_language: str | None = None) -> str:
    """A language's name, in itself unless `in_language` says: 'Cymraeg', 'English', 'Welsh'."""
    locale = _locale(code)
    said_in = _locale(in_language) if in_language else locale
    if "_" in code:
        name = locale.get_display_name(said_in) or code
    else:
        name = said_in.languages.get(locale.language, code)
    return name[:1].upper() + name[1:]


def pick_language(typed: str) -> str | None:
    """The offered language someone means: its code ('cy'), its own name or its English one."""
    wanted = " ".join(typed.split()).casefold().replace("-", "_")
    for code in languages():
        names = {code.casefold(), language_name(code).casefold()}
        if wanted in names or wanted == language_name(code, ENGLISH).casefold():
            return code
    return None


@functools.cache
def _locale(code: str) -> Locale:
    """Babel's locale for a language code; English for a code Babel does not know."""
    try:
        return Locale.parse(DEFAULT if code == ENGLISH else code)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT)


def _(message: str, /, **values: object) -> str:
    """`message` in the active language, its `{names}` filled from `values`."""
    if not message:  # gettext("") is the catalogue's header
        return message
    text = _catalogue(language()).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The form for `n` in the active language, `{n}` and the other `{names}` filled in.

    `ngettext("{n} meeting", "{n} meetings", count)`: '1 meeting', '2 meetings'.
    """
    return _catalogue(language()).ngettext(singular, plural, n).format(n=n, **values)


def pgettext(context: str, message: str, /, **values: object) -> str:
    """`_()` for a message whose meaning depends on where it is used ('button', 'Vote')."""
    text = _catalogue(language()).pgettext(context, message)
    return text.format(**values) if values else text


def npgettext(context: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """`ngettext()` with a context."""
    return _catalogue(language()).npgettext(context, singular, plural, n).format(n=n, **values)


def _folded(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def meant(typed: str, words: Mapping[str, T]) -> T | None:
    """What a typed answer stands for, said in English or in any language with a catalogue.

    `words` maps text shown on buttons (its English msgid: "Going", "yes") to what it stands
    for; a catalogue's translation of it means the same ("Yn dod", "ie" in Welsh), whatever
    language is spoken now. Case, spacing and curly apostrophes are forgiven.
    """
    wanted = _folded(typed)
    for shown, value in words.items():
        if wanted == _folded(shown):
            return value
    for code in languages()[1:]:
        catalogue = _catalogue(code)
        for shown, value in words.items():
            if wanted == _folded(catalogue.gettext(shown)):
                return value
    return None


def N_(message: str) -> str:
    """Mark text for extraction that is translated later, where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a counted pair for extraction; `counted(pair, n)` says it later."""
    return singular, plural


def counted(pair: tuple[str, str], n: int, /, **values: object) -> str:
    """A pair marked with `Nn_` said for `n`: `counted(Nn_("{n} option", "{n} options"), 2)`."""
    return ngettext(pair[0], pair[1], n, **values)


def number(n: float) -> str:
    """A number as the active language writes it: '1,234', '2.5'."""
    return format_decimal(n, locale=_locale(language()))


def join(items: Iterable[str], style: ListStyle = "standard") -> str:
    """'alice, bob and carol' in the active language; style 'or' gives 'a, b or c'."""
    listed = list(items)
    return format_list(listed, style=style, locale=_locale(language())) if listed else ""


def either(items: Iterable[str]) -> str:
    """'a, b or c' in the active language."""
    return join(items, style="or")


_UNITS: Sequence[tuple[str, int, tuple[str, str]]] = (
    ("duration-week", 7 * 86400, Nn_("{n} week", "{n} weeks")),
    ("duration-day", 86400, Nn_("{n} day", "{n} days")),
    ("duration-hour", 3600, Nn_("{n} hour", "{n} hours")),
    ("duration-minute", 60, Nn_("{n} minute", "{n} minutes")),
    ("duration-second", 1, Nn_("{n} second", "{n} seconds")),
)


def _unit(n: int, unit: str, pair: tuple[str, str]) -> str:
    """'2 hours' from Babel's units; gettext's pair where Babel's data has no such unit."""
    said = str(format_unit(n, unit, length="long", locale=_locale(language())))
    return counted(pair, n) if unit in said else said  # CLDR lacks it: 'duration-hour'


def duration(length: timedelta | int, *, weeks: bool = False, days: bool = True) -> str:
    """'1 hour', '2 hours 30 minutes', '3 days' (an int is minutes); 'no time' for none.

    Days go in weeks only when `weeks` is asked for and the length is whole weeks; with
    `days` false, a length is said in hours ('36 hours').
    """
    seconds = int(length.total_seconds()) if isinstance(length, timedelta) else length * 60
    parts = []
    for unit, size, pair in _UNITS:
        if unit == "duration-week" and not (weeks and seconds and seconds % size == 0):
            continue
        if unit == "duration-day" and not days:
            continue
        amount, seconds = divmod(seconds, size)
        if amount:
            parts.append(_unit(amount, unit, pair))
    if not parts:
        return _("no time")
    return format_list(parts, style="unit-narrow", locale=_locale(language()))


def unit(n: int, name: str) -> str:
    """'1 hour', '3 days': a whole number of one unit ('week', 'day', 'hour', 'minute')."""
    for babel_unit, _size, pair in _UNITS:
        if babel_unit == "duration-" + name.removesuffix("s"):
            return _unit(n, babel_unit, pair)
    raise ValueError(f"no unit {name!r}")


def show(when: datetime, pattern: str) -> str:
    """A local time written with a CLDR pattern in the active language: 'EEE dd MMM y, HH:mm'."""
    return str(format_datetime(when, pattern, tzinfo=when.tzinfo, locale=_locale(language())))


def show_date(day: date, pattern: str) -> str:
    """A day written with a CLDR pattern in the active language: 'EEE dd MMM y', 'MMMM y'."""
    return str(format_date(day, pattern, locale=_locale(language())))


def weekday_name(day: int) -> str:
    """'Monday' for 0, in the active language."""
    return str(get_day_names("wide", locale=_locale(language()))[day])
