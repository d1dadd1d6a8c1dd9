"""Why a round left someone out, as a reason that is true and gives nothing private away.

Pure (no I/O). An avoid list, a pairing ended early, a skipped proposal and a pair scoring
below zero all read the same from outside ("nobody still free was a good match"), so no
reason ever points at one of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cogs.mentoring._matching import MAY_MEET, PEER, ROLES, Candidate, Plan

NOBODY = "nobody"  # nobody in the round had a role they could be paired with
TAKEN = "taken"  # everyone they could be paired with already had a pair
ODD_ONE = "odd one"  # as TAKEN, for a peer: the one person of an odd number left out
NO_FIT = "no fit"  # someone of a fitting role was free too, but not a good match


def why_left_out(plan: Plan, people: Sequence[Candidate]) -> dict[str, str]:
    """Each person the plan leaves out, with the reason they are told."""
    role_of = {p.user_id: p.role for p in people}
    in_round = Counter(p.role for p in people)
    free = Counter(role_of[u] for u in plan.left_out)
    found = {}
    for user_id in plan.left_out:
        role = role_of[user_id]
        could = [other for other in ROLES if (role, other) in MAY_MEET]
        # Everyone of those roles but the person themself: present in the round, and free.
        present = sum(in_round[r] for r in could) - (role in could)
        still_free = sum(free[r] for r in could) - (role in could)
        if not present:
            found[user_id] = NOBODY
        elif still_free:
            found[user_id] = NO_FIT
        elif role == PEER and len(plan.left_out) == 1 and len(people) % 2:
            found[user_id] = ODD_ONE
        else:
            found[user_id] = TAKEN
    return found
