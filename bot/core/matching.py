"""Which of a fixed list of values someone meant: case, spacing and a close spelling forgiven."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.i18n import _, either

# A typo's score against the word meant ("rankd" / "ranked" is 91); below SURE it is only
# suggested, below CLOSE not even that. The best must also beat the next by MARGIN.
SURE = 85.0
CLOSE = 60.0
MARGIN = 10.0


@dataclass(frozen=True)
class Match:
    """What a typed value meant: `value` when sure, else the close ones to suggest."""

    value: str | None
    close: tuple[str, ...] = ()

    def did_you_mean(self) -> str:
        """' Did you mean X or Y?' (with its leading space), or '' when nothing is close."""
        if not self.close:
            return ""
        return _(" Did you mean {close}?", close=either(self.close))


def fold(text: str) -> str:
    """Lower case, '-' and '_' as spaces, one space between words, no apostrophes or end dots."""
    text = text.casefold().replace("’", "'").replace("'", "")
    text = re.sub(r"[-_\s]+", " ", text)
    return text.strip(" .,;:!")


def closest(typed: str, choices: Sequence[str]) -> Match:
    """The choice `typed` means: exactly (folded), by a unique start, or by a close spelling."""
    wanted = fold(typed)
    folded = {fold(c): c for c in choices}
    if wanted in folded:
        return Match(folded[wanted])
    if not wanted:
        return Match(None)
    starts = [c for f, c in folded.items() if len(wanted) >= 3 and f.startswith(wanted)]
    if len(starts) == 1:
        return Match(starts[0])
    found = process.extract(wanted, list(folded), scorer=fuzz.ratio, limit=3)
    scored = [(folded[name], score) for name, score, _ in found]
    if not scored or scored[0][1] < CLOSE:
        return Match(None, tuple(starts[:3]))
    best, score = scored[0]
    runner_up = scored[1][1] if len(scored) > 1 else 0.0
    if score >= SURE and score - runner_up >= MARGIN:
        return Match(best)
    return Match(None, tuple(c for c, s in scored if s >= CLOSE))
