"""Is a new idea close to an open one? Pure; the threshold is measured on a paraphrase set."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

# token_set_ratio on lower-cased, punctuation-free text: paraphrases that share their key
# words score high whatever the order, and a long, elaborated version of a short open idea
# still scores high (token_sort_ratio separated short pairs better but missed all of those).
# Measured on tests/fixtures/idea_paraphrases.tsv (18 paraphrases, 16 unrelated pairs): at
# 65, 17 of 18 caught and 2 of 16 flagged; at 70, 16 and 2; at 80, 10 and 0. A false alarm
# costs one press of Post anyway; a miss splits the group's support, so recall comes first.
THRESHOLD = 65.0


def score(text: str, other: str) -> float:
    """How alike two ideas read, 0 to 100."""
    return float(fuzz.token_set_ratio(text, other, processor=utils.default_process))


def most_similar(text: str, candidates: Sequence[tuple[int, str]]) -> tuple[int, float] | None:
    """The open idea closest to `text`, if it passes the threshold: (id, score)."""
    if not candidates:
        return None
    found = process.extractOne(
        text,
        {idea_id: other for idea_id, other in candidates},
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=THRESHOLD,
    )
    if found is None:
        return None
    _, score, idea_id = found
    return int(idea_id), float(score)
