"""How ideas look: the living message, the details with history, the list. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.core.model import Action, Field, Reply
from bot.core.timeparse import stamp
from cogs.ideas._settings import idea_key
from storage.ideas import Change, Idea

LABELS = {
    "proposed": "Proposed",
    "discussing": "Under discussion",
    "adopted": "Adopted",
    "declined": "Declined",
    "parked": "Parked",
    "done": "Done",
    "withdrawn": "Withdrawn",
}


def counted(n: int, one: str, many: str | None = None) -> str:
    """'0 supporters', '1 supporter', '2 supporters'."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def sentence(text: str) -> str:
    """Text shown as a sentence of its own: its first letter a capital."""
    return text[:1].upper() + text[1:]


def author_of(idea: Idea, names: Mapping[str, str]) -> str:
    """Who proposed it, as everyone sees it: nobody, for an anonymous idea."""
    if idea.anonymous or idea.author_id == "forgotten":
        return "someone in the group"
    return names.get(idea.author_id, idea.author_id)


def idea_message(
    idea: Idea, supporters: Sequence[str], names: Mapping[str, str], named: bool
) -> Reply:
    """The idea's living message: text, who proposed it, status with reason, supports."""
    lines = [idea.text + (" *(edited)*" if idea.edited_at else "")]
    lines.append(f"Proposed by {author_of(idea, names)}.")
    fields = [Field("Status", LABELS[idea.status], inline=True)]
    if idea.reason:
        fields.append(Field("Why", sentence(idea.reason)))
    count = counted(len(supporters), "supporter")
    if named and supporters:
        count += ": " + ", ".join(names.get(s, s) for s in supporters)
    fields.append(Field("Support", count))
    if idea.poll_id:
        fields.append(Field("Decision", f"poll {idea.poll_id} (`!poll results {idea.poll_id}`)"))
    if idea.review_at and idea.status == "adopted":
        fields.append(Field("Review", stamp(idea.review_at, "D"), inline=True))
    is_open = idea.status in ("proposed", "discussing")
    actions = (Action("Support", "idea toggle", (str(idea.id),), "success"),) if is_open else ()
    return Reply(
        "\n".join(lines),
        title=f"Idea {idea.id}",
        fields=tuple(fields),
        actions=actions,
        key=idea_key(idea.id),
    )


def history_lines(
    history: Sequence[Change], names: Mapping[str, str], anonymous_author: str | None
) -> str:
    """Every status change: when, to what, by whom (never the anonymous author), why."""
    lines = []
    for change in history:
        who = ""
        if change.by_id and change.by_id != anonymous_author:
            who = f" by {names.get(change.by_id, change.by_id)}"
        why = f": {change.reason}" if change.reason else ""
        lines.append(f"{stamp(change.at, 'd')} {LABELS[change.status].lower()}{who}{why}")
    return "\n".join(lines)


def list_message(rows: Sequence[tuple[Idea, int, int]], sort: str, status: str | None) -> Reply:
    """The list: one line an idea, with its status, supports and recent thread messages."""
    if not rows:
        which = f" {LABELS[status].lower()}" if status else ""
        return Reply(f'No{which} ideas yet. Anyone can propose one with `!idea add "TEXT"`.')
    lines = []
    for idea, supports, messages in rows:
        short = idea.text if len(idea.text) <= 80 else idea.text[:79] + "…"
        busy = f", {counted(messages, 'message')} in 14 days" if sort == "active" else ""
        lines.append(
            f"**{idea.id}**: {short} ({LABELS[idea.status].lower()}, "
            f"{counted(supports, 'supporter')}{busy})"
        )
    return Reply("\n".join(lines), title=f"Ideas, by {sort}")


def stale_note(idea_id: int, days: int, digest_to: str, digest_on: bool) -> Reply:
    """Told to the author of an idea with no news: where it is listed, as the group has it."""
    if not digest_on:
        where = "it stays open for the facilitators to answer, and `!idea list` shows it."
    elif digest_to == "facilitators":
        where = "it is listed for the organisers and facilitators in the weekly digest."
    else:
        where = "it is listed for the organisers in the weekly digest."
    return Reply(
        f"Idea {idea_id} has had no news for {counted(days, 'day')}. It has not been "
        f"forgotten: {where}",
        private=True,
    )
