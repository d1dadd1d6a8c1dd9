"""The similar-idea threshold, measured on a small set of paraphrases and unrelated pairs."""

from __future__ import annotations

from cogs.ideas._similar import THRESHOLD, most_similar

# (an open idea, a new one, whether a person would call them the same idea)
PAIRS = [
    ("Open the drop-in on Saturdays", "Could the drop-in centre open on Saturday mornings?", True),
    ("Free bus passes for carers", "Carers should get bus passes for free", True),
    (
        "Longer appointments for people with interpreters",
        "Give people who need an interpreter more time in appointments",
        True,
    ),
    ("Large-print agendas for meetings", "Agendas in large print please", True),
    ("A quiet room on drop-in days", "Can we have a quiet room during the drop-in?", True),
    (
        "Pay service users for their time",
        "Service users should be paid for the time they give",
        True,
    ),
    ("Free bus passes for carers", "Paint the waiting room a warmer colour", False),
    ("Open the drop-in on Saturdays", "Publish the minutes within a week", False),
    ("A quiet room on drop-in days", "Translate the leaflets into Polish", False),
    ("Large-print agendas for meetings", "Hold one meeting a month online", False),
    ("Pay service users for their time", "A bike rack by the front door", False),
    ("Longer appointments for people with interpreters", "Free tea at every meeting", False),
]


def test_the_threshold_catches_paraphrases_and_lets_unrelated_ideas_through() -> None:
    """At the chosen threshold, recall on paraphrases is at least 5 in 6 and precision is 1."""
    hits = [(most_similar(new, [(1, old)]) is not None, same) for old, new, same in PAIRS]
    true_pos = sum(1 for found, same in hits if found and same)
    false_pos = sum(1 for found, same in hits if found and not same)
    paraphrases = sum(1 for _, _, same in PAIRS if same)
    print(f"threshold {THRESHOLD}: recall {true_pos}/{paraphrases}, false alarms {false_pos}")
    assert true_pos >= 5 and false_pos == 0


def test_the_closest_open_idea_is_named() -> None:
    """Of several open ideas, the one the new idea paraphrases is offered."""
    found = most_similar(
        "Carers should get bus passes for free",
        [(1, "Open the drop-in on Saturdays"), (2, "Free bus passes for carers")],
    )
    assert found is not None and found[0] == 2
