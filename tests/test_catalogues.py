"""The catalogues hold every message of the code, each translated with the same placeholders.

The template is extracted again with the README's `pybabel extract` command: a message the
code says that bot/locale/messages.pot or a language's .po lacks would be said in English.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from bot.core import i18n

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
SOURCES = sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))

Key = tuple[str, str | None]  # (msgid, or a plural's singular; context)


def key(message: Message) -> Key:
    """A message as catalogues find it: its msgid (a plural's singular) and its context."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[Key]:
    """Every message of the code now, by the README's command."""
    out = tmp_path_factory.mktemp("extract") / "messages.pot"
    with contextlib.chdir(ROOT):
        CommandLineInterface().run(
            [
                "pybabel",
                "--quiet",
                "extract",
                "-F",
                "babel.cfg",
                "-o",
                str(out),
                "--project=coproduction-bot",
                "--no-wrap",
                "--sort-by-file",
                "-k",
                "N_",
                "-k",
                "Nn_:1,2",
                "-k",
                "Arg",
                ".",
            ]
        )
    return {key(m) for m in read(out) if m.id}


def test_there_is_a_welsh_catalogue() -> None:
    """The check below covers bot/locale/cy, and would cover any other language added."""
    assert [p.parent.parent.name for p in SOURCES] == ["cy"]


def test_the_template_holds_every_message_of_the_code(extracted: set[Key]) -> None:
    """bot/locale/messages.pot was written again after the code last changed what it says."""
    template = {key(m) for m in read(i18n.LOCALE_DIR / "messages.pot") if m.id}
    assert sorted(extracted - template, key=repr) == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.parent.name)
def test_every_message_is_in_each_catalogue(source: Path, extracted: set[Key]) -> None:
    """A language's .po has an entry for every message the code says."""
    held = {key(m) for m in read(source) if m.id}
    assert sorted(extracted - held, key=repr) == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.parent.name)
def test_every_entry_is_translated_with_the_same_placeholders(source: Path) -> None:
    """No empty msgstr, nothing fuzzy, every form has the plural forms' count and placeholders."""
    catalogue = read(source)
    problems = []
    for m in catalogue:
        if not m.id:
            continue
        if m.fuzzy:
            problems.append(f"fuzzy: {key(m)}")
        string = m.string or ""
        forms = [string] if isinstance(string, str) else [str(f or "") for f in string]
        if isinstance(m.id, str):
            wanted = [sorted(PLACEHOLDER.findall(m.id))]
        else:
            wanted = [sorted(PLACEHOLDER.findall(i)) for i in m.id]
            if len(forms) != catalogue.num_plurals:
                problems.append(f"{len(forms)} of {catalogue.num_plurals} forms: {key(m)}")
        for form in forms:
            if not form:
                problems.append(f"not translated: {key(m)}")
            elif sorted(PLACEHOLDER.findall(form)) not in wanted:
                problems.append(f"placeholders differ: {key(m)} -> {form!r}")
    assert problems == []
