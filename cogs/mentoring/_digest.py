"""What mentoring contributes to the weekly digest: totals only, and who took part."""

from __future__ import annotations

from datetime import datetime

from bot.core.digest_slots import DigestSlot
from bot.core.i18n import _
from bot.core.parts import Activity, DigestSection, Figure
from storage.mentoring import MentoringRepository
from storage.mentoring_pairings import PairingRepository


async def sections(
    opt_ins: MentoringRepository,
    pairings: PairingRepository,
    group_id: str,
    since: datetime,
    until: datetime,
) -> list[DigestSection]:
    """Pairs made, started, met and ended early; concerns waiting. Totals only."""
    counts = await pairings.counts(group_id, since, until)
    waiting = sum(1 for c in await opt_ins.concerns(group_id) if c.followed_up_at is None)
    if not (counts.made or waiting):
        return []
    figures = (
        Figure(_("pairings proposed"), counts.made),
        Figure(_("accepted by both"), counts.started),
        Figure(_("met"), counts.met),
        Figure(_("ended early"), counts.ended_early),
    )
    lines = tuple(f"{f.label}: {f.value:g}" for f in figures)
    if waiting:
        lines += (
            _(
                "concerns waiting for an organiser: {waiting} (`!mentor concerns`)",
                waiting=waiting,
            ),
        )
    return [DigestSection(_("Mentoring (counts only)"), lines, figures, order=DigestSlot.PAIRING)]


async def activity(
    opt_ins: MentoringRepository,
    pairings: PairingRepository,
    group_id: str,
    since: datetime,
    until: datetime,
) -> list[Activity]:
    """Joining mentoring, running a round, answers to proposals and check-ins."""
    joined = await opt_ins.joined_between(group_id, since, until)
    ran = await pairings.rounds_run(group_id, since, until)
    return (
        [Activity(u, at, "joined mentoring") for u, at in joined]
        + [Activity(u, at, "ran a pairing round") for u, at in ran]
        + [Activity(u, at, what) for u, at, what in await pairings.activity(group_id, since, until)]
    )
