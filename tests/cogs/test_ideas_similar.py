"""The similar-idea threshold, measured on a small set of paraphrases and unrelated pairs."""

from __future__ import annotations

from pathlib import Path

from cogs.ideas._similar import THRESHOLD, most_similar, score

PAIRS_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "idea_paraphrases.tsv"


def pairs() -> list[tuple[str, str, bool]]:
    """(an open idea, a new one, whether a person would call them the same idea)."""
    lines = PAIRS_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [(old, new, same == "1") for old, new, same in rows]


def measured(threshold: float) -> tuple[int, int, int, int]:
    """(paraphrases caught, paraphrases, unrelated ideas flagged, unrelated ideas)."""
    scores = [(score(old, new), same) for old, new, same in pairs()]
    caught = sum(1 for s, same in scores if same and s >= threshold)
    flagged = sum(1 for s, same in scores if not same and s >= threshold)
    paraphrases = sum(1 for _, same in scores if same)
    return caught, paraphrases, flagged, len(scores) - paraphrases


def test_the_threshold_catches_paraphrases_and_lets_unrelated_ideas_through() -> None:
    """At the chosen threshold, 17 of 18 paraphrases are caught and at most 2 of 16 unrelated."""
    for threshold in (55, 60, THRESHOLD, 70, 75, 80):
        caught, paraphrases, flagged, unrelated = measured(threshold)
        precision = caught / max(caught + flagged, 1)
        print(
            f"threshold {threshold}: recall {caught}/{paraphrases} ({caught / paraphrases:.0%}),"
            f" false alarms {flagged}/{unrelated}, precision {precision:.0%}"
        )
    caught, paraphrases, flagged, _ = measured(THRESHOLD)
    assert caught >= paraphrases - 1 and flagged <= 2


def test_an_idea_of_unrelated_words_is_not_flagged() -> None:
    """A new idea that shares no key words with any open one is posted without a warning."""
    assert most_similar("Paint the waiting room", [(1, "Free bus passes for carers")]) is None


def test_the_closest_open_idea_is_named() -> None:
    """Of several open ideas, the one the new idea paraphrases is offered."""
    found = most_similar(
        "Carers should get bus passes for free",
        [(1, "Open the drop-in on Saturdays"), (2, "Free bus passes for carers")],
    )
    assert found is not None and found[0] == 2
