"""How ideas look: the living message, the details with history, the list. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.core.i18n import N_, _, join, ngettext
from bot.core.model import Action, Field, Reply
from bot.core.timeparse import stamp
from cogs.ideas._keys import IdeaKey
from storage.ideas import Change, Idea

# Each status as a label (marked here, translated where shown) and in a sentence.
LABELS = {
    "proposed": N_("Proposed"),
    "discussing": N_("Under discussion"),
    "adopted": N_("Adopted"),
    "declined": N_("Declined"),
    "parked": N_("Parked"),
    "done": N_("Done"),
    "withdrawn": N_("Withdrawn"),
}
WORDS = {
    "proposed": N_("proposed"),
    "discussing": N_("under discussion"),
    "adopted": N_("adopted"),
    "declined": N_("declined"),
    "parked": N_("parked"),
    "done": N_("done"),
    "withdrawn": N_("withdrawn"),
}


def status_label(status: str) -> str:
    """'Under discussion': a status as a label, in the active language."""
    return _(LABELS[status])


def status_word(status: str) -> str:
    """'under discussion': a status within a sentence, in the active language."""
    return _(WORDS[status])


def sentence(text: str) -> str:
    """Text shown as a sentence of its own: its first letter a capital."""
    return text[:1].upper() + text[1:]


def author_of(idea: Idea, names: Mapping[str, str]) -> str:
    """Who proposed it, as everyone sees it: nobody, for an anonymous idea."""
    if idea.anonymous or idea.author_id == "forgotten":
        return _("someone in the group")
    return names.get(idea.author_id, idea.author_id)


def idea_message(
    idea: Idea, supporters: Sequence[str], names: Mapping[str, str], named: bool
) -> Reply:
    """The idea's living message: text, who proposed it, status with reason, supports."""
    lines = [idea.text + (_(" *(edited)*") if idea.edited_at else "")]
    lines.append(_("Proposed by {author_of}.", author_of=author_of(idea, names)))
    fields = [Field(_("Status"), status_label(idea.status), inline=True)]
    if idea.reason:
        fields.append(Field(_("Why"), sentence(idea.reason)))
    count = ngettext("{n} supporter", "{n} supporters", len(supporters))
    if named and supporters:
        count += ": " + join(names.get(s, s) for s in supporters)
    fields.append(Field(_("Support"), count))
    if idea.poll_id:
        fields.append(
            Field(
                _("Decision"), _("poll {poll_id} (`!poll results {poll_id}`)", poll_id=idea.poll_id)
            )
        )
    if idea.review_at and idea.status == "adopted":
        fields.append(Field(_("Review"), stamp(idea.review_at, "D"), inline=True))
    is_open = idea.status in ("proposed", "discussing")
    actions = (Action(_("Support"), "idea toggle", (str(idea.id),), "success"),) if is_open else ()
    return Reply(
        "\n".join(lines),
        title=_("Idea {idea_id}", idea_id=idea.id),
        fields=tuple(fields),
        actions=actions,
        key=IdeaKey(idea.id).encode(),
    )


def history_lines(
    history: Sequence[Change], names: Mapping[str, str], anonymous_author: str | None
) -> str:
    """Every status change: when, to what, by whom (never the anonymous author), why."""
    lines = []
    for change in history:
        who = ""
        if change.by_id and change.by_id != anonymous_author:
            who = _(" by {name}", name=names.get(change.by_id, change.by_id))
        why = f": {change.reason}" if change.reason else ""
        lines.append(f"{stamp(change.at, 'd')} {status_word(change.status)}{who}{why}")
    return "\n".join(lines)


def list_message(rows: Sequence[tuple[Idea, int, int]], sort: str, status: str | None) -> Reply:
    """The list: one line an idea, with its status, supports and recent thread messages."""
    if not rows:
        if status:
            none = _("No {status} ideas yet.", status=status_word(status))
        else:
            none = _("No ideas yet.")
        return Reply(none + " " + _('Anyone can propose one with `!idea add "TEXT"`.'))
    lines = []
    for idea, supports, messages in rows:
        short = idea.text if len(idea.text) <= 80 else idea.text[:79] + "…"
        busy = (
            ngettext(", {n} message in 14 days", ", {n} messages in 14 days", messages)
            if sort == "active"
            else ""
        )
        supporters = ngettext("{n} supporter", "{n} supporters", supports)
        lines.append(f"**{idea.id}**: {short} ({status_word(idea.status)}, {supporters}{busy})")
    return Reply("\n".join(lines), title=_("Ideas, by {sort}", sort=sort))


def stale_note(idea_id: int, days: int, digest_to: str, digest_on: bool) -> Reply:
    """Told to the author of an idea with no news: where it is listed, as the group has it."""
    if not digest_on:
        where = _("it stays open for the facilitators to answer, and `!idea list` shows it.")
    elif digest_to == "facilitators":
        where = _("it is listed for the organisers and facilitators in the weekly digest.")
    else:
        where = _("it is listed for the organisers in the weekly digest.")
    return Reply(
        ngettext(
            "Idea {id} has had no news for {n} day. It has not been forgotten: {where}",
            "Idea {id} has had no news for {n} days. It has not been forgotten: {where}",
            days,
            id=idea_id,
            where=where,
        ),
        private=True,
    )


def similar_message(other: Idea, anyway: Action, *, mine: bool, supported: bool) -> Reply:
    """A close open idea shown first: its author may edit it; others support it or post anyway."""
    if mine:
        # Supporting it is not open to its author: offer to change it instead.
        return Reply(
            _(
                "Your own idea {other_id} looks close to this one: “{text}”. `!idea edit "
                '{other_id} "TEXT"` changes it, or post this one anyway.',
                other_id=other.id,
                text=other.text,
            ),
            title=_("A similar idea is open"),
            actions=(anyway,),
            private=True,
        )
    if supported:
        return Reply(
            _(
                "Idea {other_id}, which you already support, looks close to yours: “{text}”. "
                "Post yours anyway if it is a different idea.",
                other_id=other.id,
                text=other.text,
            ),
            title=_("A similar idea is open"),
            actions=(anyway,),
            private=True,
        )
    return Reply(
        _(
            "Idea {other_id} looks close to yours: “{text}”. Support that one, or post "
            "yours anyway.",
            other_id=other.id,
            text=other.text,
        ),
        title=_("A similar idea is open"),
        actions=(
            Action(_("Support that one instead"), "idea support", (str(other.id),)),
            anyway,
        ),
        private=True,
    )
