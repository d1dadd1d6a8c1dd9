"""Is a new idea close to an open one? Pure; the threshold is measured on a paraphrase set."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process, utils

# token_set_ratio on lower-cased, punctuation-free text: paraphrases that share their key
# words score high whatever the order; measured on the paraphrase set in the tests.
THRESHOLD = 70.0


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
