"""How meetings and contributions are shown. Pure, no I/O."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from bot.core.model import Action, Choice, Field, Reply, User
from bot.core.outlet import CalendarEvent
from bot.core.timeparse import Repeat, stamp
from cogs.meetings._parsing import hours
from cogs.meetings._schedule import occurrence_key
from storage.meetings import Entry, Meeting, Rsvp

ANSWER_LABEL = {"going": "Going", "maybe": "Maybe", "no": "Can't"}
# How an RSVP reads back to the person, as a sentence: "You might come to Workshop ...".
ANSWERED = {"going": "You are going to", "maybe": "You might come to", "no": "You are not going to"}
LATER_SHOWN = 5  # a series' dates listed after its next one
MENU_MOST = 25  # the most people "Who came?" offers to pick from (a Discord menu holds 25)


def counted(n: int, one: str, many: str) -> str:
    """'1 meeting', '2 meetings': a number with its noun, singular or plural."""
    return f"{n} {one if n == 1 else many}"


def entry_text(entry: Entry, *, numbered: bool = True) -> str:
    """'3 (2 hours, "prepared the survey")': a contribution entry as people recognise it."""
    said = f'{counted_hours(entry.minutes)}, "{entry.what}"'
    return f"{entry.id} ({said})" if numbered else said


def counted_hours(minutes: int) -> str:
    """'1 hour', '1.5 hours', '2 hours'."""
    return f"{hours(minutes)} {'hour' if minutes == 60 else 'hours'}"


def where(meeting: Meeting) -> str:
    """The place, or that none is set."""
    return meeting.place or "no place set"


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
    every = f"every {meeting.every}" if meeting.every else "once"
    if meeting.by_day:
        every = Repeat.from_by_day(meeting.by_day).describe()
    if meeting.until_local:
        every += f" until {meeting.until_local[:10]}"
    fields = [
        Field("When", stamp(start) if start else "no more dates", inline=True),
        Field("Length", counted(meeting.minutes, "minute", "minutes"), inline=True),
        Field("Where", where(meeting), inline=True),
        Field("Repeats", every, inline=True),
    ]
    if later:
        fields.append(Field("After that", "\n".join(stamp(s) for s in later)))
    for answer, label in ANSWER_LABEL.items():
        who = [names.get(r.user_id, r.user_id) for r in rsvps if r.answer == answer]
        shown = ", ".join(who) if named else ""
        fields.append(Field(f"{label} ({len(who)})", shown or "-", inline=True))
    cancelled = meeting.cancelled_at is not None
    actions = (
        ()
        if cancelled or start is None
        else tuple(
            Action(label, "meeting rsvp", (str(meeting.id), answer),
                   style="success" if answer == "going" else "secondary")
            for answer, label in ANSWER_LABEL.items()
        )
    )  # fmt: skip
    title = f"Meeting {meeting.id}: {meeting.title}" + (" (cancelled)" if cancelled else "")
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
        said = f"{len(coming)} {'person' if len(coming) == 1 else 'people'} said going or maybe"
        return Reply(
            f"Facilitators: who came to {meeting.title} on {stamp(start)}? {said}; type "
            f"{typed} for those who came. People can also mark themselves with "
            f"`!meeting here {meeting.id}` until tomorrow.",
            title="Who came?",
        )
    if not coming:
        how = f"Nobody said going or maybe; type {typed} for those who came."
    elif len(coming) > MENU_MOST:
        how = (
            f"{len(coming)} people said going or maybe, more than a menu holds ({MENU_MOST}), "
            f"so type {typed} with everyone who came."
        )
    else:
        how = f"Pick everyone who came from the list, or type {typed}."
    choice = None
    actions: tuple[Action, ...] = ()
    if len(coming) == 1:
        actions = (Action(f"{coming[0].name} came", "meeting came", (str(meeting.id), key, "1"),
                          style="secondary"),)  # fmt: skip
    elif 1 < len(coming) <= MENU_MOST:
        choice = Choice(
            key=f"meeting-came:{meeting.id}:{key}",
            question=f"Who came to {meeting.title}?",
            options=tuple(u.name for u in coming),
            command="meeting came",
            # How many were listed: a list that shrank since (someone forgotten) is refused.
            args=(str(meeting.id), key, "--of", str(len(coming))),
            max_selections=len(coming),
        )
    listed = "\n".join(f"{n}. {u.name}" for n, u in enumerate(coming, start=1))
    return Reply(
        f"Facilitators: who came to {meeting.title} on {stamp(start)}? {how} People can also "
        f"mark themselves with `!meeting here {meeting.id}` until tomorrow.",
        title="Who came?",
        fields=(Field("Said going or maybe", listed),) if coming else (),
        actions=actions,
        choice=choice,
    )


def native_event(meeting: Meeting, start: datetime, *, cancelled: bool = False) -> CalendarEvent:
    """The meeting's next date as a platform's own event (Discord's Events)."""
    return CalendarEvent(
        title=meeting.title,
        start=start,
        end=start + timedelta(minutes=meeting.minutes),
        place=meeting.place or "see the meeting's post",
        description=f"Meeting {meeting.id}: answer Going, Maybe or Can't on its post.",
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
    header = ["person", "constituency", "confirmed hours", "meetings attended", "entries"]
    writer.writerow([*header, "amount"] if rate is not None else header)
    sides: dict[str, int] = defaultdict(int)
    for user_id, row in sorted(people.items(), key=lambda kv: names.get(kv[0] or "", "~")):
        side = constituency_of.get(user_id or "") or "not said"
        sides[side] += row["minutes"]
        name = names.get(user_id, user_id) if user_id else "(forgotten, unnamed)"
        cells = [name, side, hours(row["minutes"]), row["meetings"], row["entries"]]
        if rate is not None:
            cells.append(str(amount(row["minutes"], rate)))
        writer.writerow(cells)
    summary = [
        f"{side}: {hours(minutes)} confirmed {'hour' if minutes == 60 else 'hours'}"
        for side, minutes in sorted(sides.items())
    ]
    return out.getvalue().encode(), summary


def amount(minutes: int, rate: Decimal) -> Decimal:
    """What `minutes` come to at an hourly `rate`, to the penny (half up, as people round)."""
    return (Decimal(minutes) * rate / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rate_line(rate: Decimal, currency: str | None) -> str:
    """The report's note on how amounts were worked out."""
    if currency:
        return f"Amounts at {rate} {currency} an hour."
    return (
        f"Amounts at {rate} an hour. An organiser can name the currency with "
        "`!settings set contrib_currency GBP`."
    )


def digest_lines(entries: Sequence[Entry], waiting: int) -> list[str]:
    """Attendance in the period by constituency, and how many entries wait for a facilitator."""
    held = {e.meeting_id for e in entries if e.meeting_id is not None}
    sides: dict[str, int] = defaultdict(int)
    for e in entries:
        if e.meeting_id is not None:
            sides[e.constituency or "not said"] += 1
    lines = []
    if sides:
        by_side = ", ".join(f"{side}: {n}" for side, n in sorted(sides.items()))
        lines.append(
            f"Attendance at {len(held)} meeting{'s' * (len(held) != 1)}, by constituency: {by_side}"
        )
    if waiting:
        lines.append(
            f"{waiting} contribution entr{'ies wait' if waiting != 1 else 'y waits'} "
            "for a facilitator (`!contrib waiting`)."
        )
    return lines
