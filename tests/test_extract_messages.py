"""The documented `pybabel extract` finds what people read, descriptions from docstrings too."""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from bot.app import COGS

ROOT = Path(__file__).resolve().parents[1]


def _extracted(tmp_path: Path, monkeypatch) -> dict[str, object]:
    """The README's command run into tmp_path: msgid (a pair's singular) -> its id."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "messages.pot"
    options = ["--project=coproduction-bot", "--no-wrap", "--sort-by-file"]
    keywords = ["-k", "N_", "-k", "Nn_:1,2", "-k", "Arg"]
    CommandLineInterface().run(
        [
            "pybabel",
            "--quiet",
            "extract",
            "-F",
            "babel.cfg",
            "-o",
            str(out),
            *options,
            *keywords,
            ".",
        ]
    )
    with out.open("rb") as f:
        catalog = read_po(f)
    return {m.id if isinstance(m.id, str) else m.id[0]: m.id for m in catalog if m.id}


def test_extraction_finds_sentences_plurals_and_descriptions(tmp_path: Path, monkeypatch) -> None:
    """The README's command writes a template holding _() text, counted pairs and help text."""
    ids = _extracted(tmp_path, monkeypatch)
    # A command's description, read from its docstring's first line.
    assert "List the commands, or explain one: !help poll, !help poll create." in ids
    # A parameter's description (Arg), and text marked to be said later (N_).
    assert "a command or group" in ids
    assert "a long text" in ids
    # A counted pair keeps both forms for a translator.
    assert ids["{n} week"] == ("{n} week", "{n} weeks")
    # Log lines and SQL are not messages.
    assert not any(i.startswith(("SELECT", "INSERT")) for i in ids)


def test_every_feature_description_is_extracted(tmp_path: Path, monkeypatch) -> None:
    """Each loaded cog's docstring line (Discord's group description) is in the template."""
    ids = _extracted(tmp_path, monkeypatch)
    shown = {
        "Mentoring pairs across the provider / user line, asked first, with a way out.",
        "Polls the group votes in.",
    }
    shown |= {(cog.__doc__ or "").strip().splitlines()[0] for cog in COGS if cog.__doc__}
    assert sorted(line for line in shown if line not in ids) == []


def test_the_committed_template_is_there() -> None:
    """bot/locale/messages.pot is committed, so a translator can start from it."""
    text = (ROOT / "bot" / "locale" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgid "a command or group"' in text
