"""The digest as text: sections from every feature, then participation balance. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.i18n import N_, _, ngettext
from bot.core.model import Field, File, Reply
from bot.core.parts import Activity, DigestSection
from bot.core.words import percent

NOT_SAID = N_("not said")  # the side of those who said none: a key, translated where shown
QUIET_ROOM = 900  # characters of names in the digest itself; the rest go in a file
QUIET_HEADING = N_("Gone quiet: no action in 3 weeks")
NEW_HEADING = N_("New, not started yet: joined in the last 3 weeks")


@dataclass(frozen=True)
class Balance:
    """Participation over a period: members and active members per constituency."""

    members: Mapping[str, int]
    active: Mapping[str, int]
    actions: Mapping[str, int]
    # Names of members with no action in the quiet period (never those with nudges off):
    quiet: Sequence[str]  # here for all of it: they have gone quiet
    new: Sequence[str]  # joined within it: not drifted away, just not started


def balance(
    members: Mapping[str, str],
    constituency: Mapping[str, str],
    month: Sequence[Activity],
    recent: Sequence[Activity],
    week: Sequence[Activity],
    hidden: set[str],
    new: AbstractSet[str],
) -> Balance:
    """Who took part: members (id -> name), their constituencies, the actions in each period.

    A member with no action in the quiet period who joined within it has not gone quiet
    (in a group a day old, nobody has): they are listed apart, as new.
    """
    side = {uid: constituency.get(uid, NOT_SAID) for uid in members}
    active_ids = {a.user_id for a in month if a.user_id in members}
    recent_ids = {a.user_id for a in recent}
    silent = [u for u in members if u not in recent_ids and u not in hidden]
    return Balance(
        members=Counter(side.values()),
        active=Counter(side[u] for u in active_ids),
        actions=Counter(side[a.user_id] for a in week if a.user_id in side),
        quiet=sorted(members[u] for u in silent if u not in new),
        new=sorted(members[u] for u in silent if u in new),
    )


def side_name(side: str) -> str:
    """A constituency as shown: the group's own name, or 'not said' in the active language."""
    return _(NOT_SAID) if side == NOT_SAID else side


def parity_lines(b: Balance) -> list[str]:
    """'service user: 11 members (55%), 4 active in 4 weeks, 31% of this week's actions'."""
    total_members = sum(b.members.values()) or 1
    total_actions = sum(b.actions.values())
    lines = []
    for side, count in sorted(b.members.items(), key=lambda kv: (kv[0] == NOT_SAID, kv[0])):
        share = percent(count, total_members)
        acts = percent(b.actions.get(side, 0), total_actions)
        lines.append(
            ngettext(
                "{side}: {n} member ({share}%), {active} active in 4 weeks, {acts}% of this "
                "week's actions",
                "{side}: {n} members ({share}%), {active} active in 4 weeks, {acts}% of this "
                "week's actions",
                count,
                side=side_name(side),
                share=share,
                active=b.active.get(side, 0),
                acts=acts,
            )
        )
    return lines


def digest_reply(
    group_name: str, sections: Sequence[DigestSection], b: Balance, note: str = ""
) -> Reply:
    """The digest, plain text first: every figure in the chart is in these lines too."""
    fields = [Field(s.heading, "\n".join(s.lines)) for s in sections if s.lines]
    fields.append(
        Field(_("Participation (last 4 weeks, by constituency)"), "\n".join(parity_lines(b)))
    )
    files: tuple[File, ...] = ()
    for heading, names, file_name in (
        (QUIET_HEADING, b.quiet, "quiet-members.txt"),
        (NEW_HEADING, b.new, "new-members.txt"),
    ):
        if names:
            shown, listing = quiet_names(names, file_name=file_name)
            fields.append(Field(_(heading), shown))
            files += listing
    nothing = not any(s.lines for s in sections) and not sum(b.actions.values())
    body = (
        _("Nothing happened this week.")
        if nothing
        else _("The week in {group_name}.", group_name=group_name)
    )
    return Reply(
        (note + "\n\n" if note else "") + body,
        title=_("Weekly digest: {group_name}", group_name=group_name),
        fields=tuple(fields),
        files=files,
        private=True,
    )


def quiet_names(
    quiet: Sequence[str], room: int = QUIET_ROOM, file_name: str = "quiet-members.txt"
) -> tuple[str, tuple[File, ...]]:
    """A list of names as text, and, when too long for one field, a file with all of it.

    Discord keeps 1,024 characters of a field: past `room`, as many names as fit are
    shown, and every name is in the file, one a line.
    """
    text = ", ".join(quiet)
    if len(text) <= room:
        return text, ()
    shown: list[str] = []
    for name in quiet:
        if len(", ".join([*shown, name])) > room - 60:  # room for the line saying the rest
            break
        shown.append(name)
    rest = len(quiet) - len(shown)
    text = _(
        "{names} and {rest} more: all {total} are in {file_name}",
        names=", ".join(shown),
        rest=rest,
        total=len(quiet),
        file_name=file_name,
    )
    listing = ("\n".join(quiet) + "\n").encode()
    return text, (File(file_name, listing, "text/plain"),)


def weekly_series(
    quarter: Sequence[Activity],
    members: Mapping[str, str],
    constituency: Mapping[str, str],
    sides: Iterable[str],
    start: datetime,
) -> dict[str, list[int]]:
    """Members' actions per week for 12 weeks from `start`, by constituency, in one pass.

    `quarter` is in time order, so the week only ever moves on: no date arithmetic per action.
    """
    series = {side: [0] * 12 for side in sides}
    ends = [start + timedelta(weeks=n + 1) for n in range(11)]  # the 12th week runs on to now
    week = 0
    for a in quarter:
        while week < 11 and a.at >= ends[week]:
            week += 1
        if a.user_id in members:
            series[constituency.get(a.user_id, NOT_SAID)][week] += 1
    return series
