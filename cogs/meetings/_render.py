"""How meetings and contributions are shown. Pure, no I/O."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.core.i18n import N_, _, ngettext
from bot.core.model import Action, Choice, Field, Reply, User
from bot.core.outlet import CalendarEvent
from bot.core.timeparse import Repeat, stamp
from cogs.meetings._keys import CameKey
from cogs.meetings._parsing import hours
from cogs.meetings._schedule import occurrence_key
from storage.meetings import Entry, Meeting, Rsvp

# Marked here, translated where shown.
ANSWER_LABEL = {"going": N_("Going"), "maybe": N_("Maybe"), "no": N_("Can't")}
# The RSVP buttons' labels with what each sends (typed, a label means it too).
ANSWER_BUTTONS = tuple((label, answer) for answer, label in ANSWER_LABEL.items())
# How an RSVP reads back to the person, as a sentence: "You might come to Workshop on ...".
ANSWERED = {
    "going": N_("You are going to {title} on {when}."),
    "maybe": N_("You might come to {title} on {when}."),
    "no": N_("You are not going to {title} on {when}."),
}
LATER_SHOWN = 5  # a series' dates listed after its next one
MENU_MOST = 25  # the most people "Who came?" offers to pick from (a Discord menu holds 25)


def entry_text(entry: Entry, *, numbered: bool = True) -> str:
    """'3 (2 hours, "prepared the survey")': a contribution entry as people recognise it."""
    said = f'{counted_hours(entry.minutes)}, "{entry.what}"'
    return f"{entry.id} ({said})" if numbered else said


def counted_hours(minutes: int, confirmed: bool = False) -> str:
    """'1 hour', '1.5 hours', '2 hours' ('1 confirmed hour' with `confirmed`)."""
    if minutes % 60:  # a part of an hour: plural in English whatever the number
        if confirmed:
            return _("{hours} confirmed hours", hours=hours(minutes))
        return _("{hours} hours", hours=hours(minutes))
    if confirmed:
        return ngettext("{n} confirmed hour", "{n} confirmed hours", minutes // 60)
    return ngettext("{n} hour", "{n} hours", minutes // 60)


# How a series' pace is said ("every week"), by how it is stored ("week", "2 weeks").
def repeats(every: str) -> str:
    """'every week', 'every 2 weeks', 'every month' in the active language."""
    if every == "month":
        return _("every month")
    weeks = int(every.split()[0]) if every[:1].isdigit() else 1
    return ngettext("every week", "every {n} weeks", weeks)


def where(meeting: Meeting) -> str:
    """The place, or that none is set."""
    return meeting.place or _("no place set")


def answer_label(answer: str) -> str:
    """'Going', 'Maybe' or "Can't" in the active language."""
    return _(ANSWER_LABEL[answer])


def meeting_message(
    meeting: Meeting,
    start: datetime | None,
    rsvps: Sequence[Rsvp],
    names: dict[str, str],
    *,
    named: bool = True,
    later: Sequence[datetime] = (),
) -> Reply:
    """The living message: when (and a series' next dates), where, and who is coming."""
    every = repeats(meeting.every) if meeting.every else _("once")
    if meeting.by_day:
        every = Repeat.from_by_day(meeting.by_day).describe()
    if meeting.until_local:
        every = _("{every} until {day}", every=every, day=meeting.until_local[:10])
    fields = [
        Field(_("When"), stamp(start) if start else _("no more dates"), inline=True),
        Field(_("Length"), ngettext("{n} minute", "{n} minutes", meeting.minutes), inline=True),
        Field(_("Where"), where(meeting), inline=True),
        Field(_("Repeats"), every, inline=True),
    ]
    if later:
        fields.append(Field(_("After that"), "\n".join(stamp(s) for s in later)))
    for answer in ANSWER_LABEL:
        who = [names.get(r.user_id, r.user_id) for r in rsvps if r.answer == answer]
        shown = ", ".join(who) if named else ""
        fields.append(Field(f"{answer_label(answer)} ({len(who)})", shown or "-", inline=True))
    cancelled = meeting.cancelled_at is not None
    actions = (
        ()
        if cancelled or start is None
        else tuple(
            Action(answer_label(answer), "meeting rsvp", (str(meeting.id), answer),
                   style="success" if answer == "going" else "secondary")
            for answer in ANSWER_LABEL
        )
    )  # fmt: skip
    if cancelled:
        title = _("Meeting {id}: {title} (cancelled)", id=meeting.id, title=meeting.title)
    else:
        title = _("Meeting {id}: {title}", id=meeting.id, title=meeting.title)
    return Reply(title=title, fields=tuple(fields), actions=actions)


def who_came(
    meeting: Meeting, start: datetime, coming: Sequence[User], *, named: bool = True
) -> Reply:
    """After an occurrence: facilitators pick everyone who came (`coming` in list order).

    The picked numbers run `meeting came ID OCCURRENCE 1,3`: a menu on Discord, a poll on
    Matrix. One person is a button; past MENU_MOST people the typed command is the way.
    Not `named` (a group that hides names, and no facilitator to tell privately): only
    how many said they would come, and the typed command.
    """
    key = occurrence_key(start)
    typed = f"`!meeting attended {meeting.id} @name @name`"
    if not named:
        said = ngettext(
            "{n} person said going or maybe", "{n} people said going or maybe", len(coming)
        )
        return Reply(
            _(
                "Facilitators: who came to {title} on {when}? {said}; type {typed} for those "
                "who came. People can also mark themselves with `!meeting here {id}` until "
                "tomorrow.",
                title=meeting.title,
                when=stamp(start),
                said=said,
                typed=typed,
                id=meeting.id,
            ),
            title=_("Who came?"),
        )
    if not coming:
        how = _("Nobody said going or maybe; type {typed} for those who came.", typed=typed)
    elif len(coming) > MENU_MOST:
        how = ngettext(
            "{n} person said going or maybe, more than a menu holds ({most}), so type {typed} "
            "with everyone who came.",
            "{n} people said going or maybe, more than a menu holds ({most}), so type {typed} "
            "with everyone who came.",
            len(coming),
            most=MENU_MOST,
            typed=typed,
        )
    else:
        how = _("Pick everyone who came from the list, or type {typed}.", typed=typed)
    choice = None
    actions: tuple[Action, ...] = ()
    if len(coming) == 1:
        actions = (Action(_("{name} came", name=coming[0].name), "meeting came",
                          (str(meeting.id), key, "1"), style="secondary"),)  # fmt: skip
    elif 1 < len(coming) <= MENU_MOST:
        choice = Choice(
            key=CameKey(meeting.id, key).encode(),
            question=_("Who came to {title}?", title=meeting.title),
            options=tuple(u.name for u in coming),
            command="meeting came",
            # How many were listed: a list that shrank since (someone forgotten) is refused.
            args=(str(meeting.id), key, "--of", str(len(coming))),
            max_selections=len(coming),
        )
    listed = "\n".join(f"{n}. {u.name}" for n, u in enumerate(coming, start=1))
    return Reply(
        _(
            "Facilitators: who came to {title} on {when}? {how} People can also mark "
            "themselves with `!meeting here {id}` until tomorrow.",
            title=meeting.title,
            when=stamp(start),
            how=how,
            id=meeting.id,
        ),
        title=_("Who came?"),
        fields=(Field(_("Said going or maybe"), listed),) if coming else (),
        actions=actions,
        choice=choice,
    )


def native_event(meeting: Meeting, start: datetime, *, cancelled: bool = False) -> CalendarEvent:
    """The meeting's next date as a platform's own event (Discord's Events)."""
    return CalendarEvent(
        title=meeting.title,
        start=start,
        end=start + timedelta(minutes=meeting.minutes),
        place=meeting.place or _("see the meeting's post"),
        description=_("Meeting {id}: answer Going, Maybe or Can't on its post.", id=meeting.id),
        cancelled=cancelled,
    )


def report_csv(
    entries: Sequence[Entry],
    names: dict[str, str],
    constituency_of: dict[str, str | None],
    rate: Decimal | None,
) -> tuple[bytes, list[str]]:
    """The contribution report: a CSV row per person and a summary line per constituency."""
    people: dict[str | None, dict[str, int]] = defaultdict(
        lambda: {"minutes": 0, "meetings": 0, "entries": 0}
    )
    for e in entries:
        row = people[e.user_id]
        row["entries"] += 1
        if e.state == "confirmed":
            row["minutes"] += e.minutes
            row["meetings"] += e.meeting_id is not None
    out = io.StringIO()
    writer = csv.writer(out)
    header = [
        _("person"),
        _("constituency"),
        _("confirmed hours"),
        _("meetings attended"),
        _("entries"),
    ]
    writer.writerow([*header, _("amount")] if rate is not None else header)
    sides: dict[str, int] = defaultdict(int)
    for user_id, row in sorted(people.items(), key=lambda kv: names.get(kv[0] or "", "~")):
        side = constituency_of.get(user_id or "") or _("not said")
        sides[side] += row["minutes"]
        name = names.get(user_id, user_id) if user_id else _("(forgotten, unnamed)")
        cells = [name, side, hours(row["minutes"]), row["meetings"], row["entries"]]
        if rate is not None:
            cells.append(str(amount(row["minutes"], rate)))
        writer.writerow(cells)
    summary = [
        f"{side}: {counted_hours(minutes, confirmed=True)}"
        for side, minutes in sorted(sides.items())
    ]
    return out.getvalue().encode(), summary


def amount(minutes: int, rate: Decimal) -> Decimal:
    """What `minutes` come to at an hourly `rate`, to the penny (half up, as people round)."""
    return (Decimal(minutes) * rate / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rate_line(rate: Decimal, currency: str | None) -> str:
    """The report's note on how amounts were worked out."""
    if currency:
        return _("Amounts at {rate} {currency} an hour.", rate=rate, currency=currency)
    return _(
        "Amounts at {rate} an hour. An organiser can name the currency with "
        "`!settings set contrib_currency GBP`.",
        rate=rate,
    )


def digest_lines(entries: Sequence[Entry], waiting: int) -> list[str]:
    """Attendance in the period by constituency, and how many entries wait for a facilitator."""
    held = {e.meeting_id for e in entries if e.meeting_id is not None}
    sides: dict[str, int] = defaultdict(int)
    for e in entries:
        if e.meeting_id is not None:
            sides[e.constituency or _("not said")] += 1
    lines = []
    if sides:
        by_side = ", ".join(f"{side}: {n}" for side, n in sorted(sides.items()))
        lines.append(
            ngettext(
                "Attendance at {n} meeting, by constituency: {sides}",
                "Attendance at {n} meetings, by constituency: {sides}",
                len(held),
                sides=by_side,
            )
        )
    if waiting:
        lines.append(
            ngettext(
                "{n} contribution entry waits for a facilitator (`!contrib waiting`).",
                "{n} contribution entries wait for a facilitator (`!contrib waiting`).",
                waiting,
            )
        )
    return lines
