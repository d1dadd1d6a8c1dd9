"""What ideas contribute to the weekly digest: ideas answered, new and waiting; who took part."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.digest_slots import DigestSlot
from bot.core.i18n import _, show_date
from bot.core.parts import Activity, DigestSection, Figure
from bot.core.services import Services
from cogs.ideas._render import status_word
from cogs.ideas._settings import IDEA_STALE_DAYS
from cogs.ideas._waiting import is_stale
from storage.ideas import Change, Idea, IdeaRepository
from storage.ideas_records import IdeaRecords

# Open ideas the digest names, longest waiting first; a group with more gets a count.
WAITING_SHOWN = 15


async def sections(
    services: Services,
    ideas: IdeaRepository,
    records: IdeaRecords,
    group_id: str,
    since: datetime,
    until: datetime,
) -> list[DigestSection]:
    """Ideas that changed status (with the reason), new ones, those waiting (stale flagged)."""
    found = await ideas.in_group(group_id)
    group = await services.members.group(group_id)
    days = group.settings[IDEA_STALE_DAYS]
    changes = await records.changes_between(group_id, since, until)
    last = await records.last_message_days(group_id)
    stale = {i.id for i in found if is_stale(i, last.get(i.id), until, days)}
    return digest_sections(found, changes, stale, since, until)


async def activity(
    records: IdeaRecords, group_id: str, since: datetime, until: datetime
) -> list[Activity]:
    """Proposing (a named idea), supporting and moving ideas on count as taking part."""
    proposed = await records.proposed_between(group_id, since, until)
    supported = await records.supports_between(group_id, since, until)
    moved = await records.moves_between(group_id, since, until)
    return (
        [Activity(u, at, "proposed an idea") for u, at in proposed]
        + [Activity(u, at, "supported an idea") for u, at in supported]
        + [Activity(u, at, "moved an idea") for u, at in moved]
    )


def digest_sections(
    ideas: Sequence[Idea],
    changes: dict[int, list[Change]],
    stale: set[int],
    since: datetime,
    until: datetime,
) -> list[DigestSection]:
    """Decided: ideas that changed status with the reason. Open: waiting longest first."""
    decided = []
    for idea in ideas:
        for change in changes.get(idea.id, []):
            if since <= change.at <= until and change.status != "proposed":
                why = f": {change.reason}" if change.reason else ""
                decided.append(
                    _(
                        "Idea {id} {status}{why}",
                        id=idea.id,
                        status=status_word(change.status),
                        why=why,
                    )
                )
    new = [i for i in ideas if since <= i.created_at <= until]
    waiting = sorted(
        (i for i in ideas if i.status in ("proposed", "discussing")), key=lambda i: i.changed_at
    )
    open_lines = [
        _(
            "Idea {id} ({status} since {day}){late}: {text}",
            id=i.id,
            status=status_word(i.status),
            day=show_date(i.changed_at, "dd MMM"),
            late=_(" — waiting too long") if i.id in stale else "",
            text=i.text[:80],
        )
        for i in waiting[:WAITING_SHOWN]
    ]
    if len(waiting) > WAITING_SHOWN:
        # The longest waiting are the ones to answer first; the rest are one command away.
        more = len(waiting) - WAITING_SHOWN
        open_lines.append(_("…and {more} more: `!idea list --sort new`", more=more))
    sections = []
    if decided or new:
        sections.append(
            DigestSection(
                _("Ideas decided and proposed"),
                (
                    *decided,
                    *(_("New: idea {i_id}: {text}", i_id=i.id, text=i.text[:80]) for i in new),
                ),
                (Figure(_("ideas proposed"), len(new)), Figure(_("ideas answered"), len(decided))),
                order=DigestSlot.ANSWERED,
            )
        )
    if open_lines:
        sections.append(
            DigestSection(
                _("Ideas waiting for an answer"),
                tuple(open_lines),
                (Figure(_("ideas waiting"), len(waiting)), Figure(_("stale"), len(stale))),
                order=DigestSlot.WAITING,
            )
        )
    return sections
