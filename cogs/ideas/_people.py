"""What ideas contribute about a person (export, forget) and a week (the digest). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.digest_slots import DigestSlot
from bot.core.i18n import _, ngettext, show_date
from bot.core.registry import DigestSection, Figure, Forgotten
from cogs.ideas._render import status_word
from storage.ideas import Change, Idea

# Open ideas the digest names, longest waiting first; a group with more gets a count.
WAITING_SHOWN = 15


def exported(
    mine: Sequence[Idea], supported: Sequence[int], acted: Sequence[tuple[int, Change]]
) -> dict[str, Any] | None:
    """Someone's part of `!me export`: ideas they proposed and support, steps they took."""
    if not mine and not supported and not acted:
        return None
    return {
        "proposed": [
            {"idea": i.id, "text": i.text, "status": i.status, "anonymous": i.anonymous}
            for i in mine
        ],
        "supporting": list(supported),
        "history": [
            {"idea": idea_id, "at": c.at.isoformat(), "status": c.status, "reason": c.reason}
            for idea_id, c in acted
        ],
    }


def told(ideas: int, supports: int) -> Forgotten:
    """What `!me forget` erased and kept of ideas."""
    erased = (
        [ngettext("your support of {n} idea", "your support of {n} ideas", supports)]
        if supports
        else []
    )
    kept = (
        [
            ngettext(
                "{n} idea you proposed, without your name",
                "{n} ideas you proposed, without your name",
                ideas,
            )
        ]
        if ideas
        else []
    )
    return Forgotten("ideas", tuple(erased), tuple(kept))


def quiet_since(idea: Idea, last_message_day: str | None) -> datetime:
    """Since when nothing has happened to an idea: its last change, or the day after talk."""
    if last_message_day is None:
        return idea.changed_at
    after_talk = datetime.fromisoformat(last_message_day).replace(tzinfo=UTC) + timedelta(days=1)
    return max(idea.changed_at, after_talk)


def is_stale(idea: Idea, last_message_day: str | None, now: datetime, days: int) -> bool:
    """Open, and nothing happened to it (no status change, no thread message) for `days`."""
    if idea.status not in ("proposed", "discussing"):
        return False
    quiet_since = now - timedelta(days=days)
    talked = last_message_day is not None and last_message_day >= quiet_since.date().isoformat()
    return idea.changed_at <= quiet_since and not talked


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
