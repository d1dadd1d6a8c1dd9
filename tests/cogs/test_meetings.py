"""Meetings: add, RSVP, reminders across a restart, move, cancel, calendar files, attendance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bot.core.model import Reply, Role
from tests.harness import Harness

# The harness starts Monday 2026-11-30 09:00 UTC; "tuesday 18:00" is 2026-12-01 18:00.
TUESDAY = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
async def h(harness: Harness) -> Harness:
    """alice and bob are participants; fran is a facilitator."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.join("alice", "bob", "carol", "fran")
    return harness


def calendar(reply: Reply) -> Calendar:
    """The .ics on a reply, parsed back."""
    (file,) = [f for f in reply.files if f.mime == "text/calendar"]
    return Calendar.from_ical(file.data)


def event(reply: Reply) -> dict[str, object]:
    (found,) = calendar(reply).walk("VEVENT")
    return dict(found)


async def test_a_new_meeting_posts_with_buttons_and_a_calendar_file(h: Harness) -> None:
    """The meeting shows when, where, Going/Maybe/Can't buttons, and carries its .ics."""
    reply = await h.ok(
        "fran", '!meeting add "Steering group" "tuesday 18:00" --length 90m --where "Room 2"'
    )
    assert reply.key == "meeting:1"
    assert [a.args for a in reply.actions] == [("1", "going"), ("1", "maybe"), ("1", "no")]
    ev = event(reply)
    assert str(ev["SUMMARY"]) == "Steering group" and str(ev["LOCATION"]) == "Room 2"
    assert ev["DTSTART"].dt == TUESDAY  # type: ignore[attr-defined]
    assert ev["DTEND"].dt - ev["DTSTART"].dt == timedelta(minutes=90)  # type: ignore[attr-defined]


async def test_rsvps_reminders_fire_once_across_a_restart_and_only_to_those_coming(
    h: Harness,
) -> None:
    """Going and maybe get the 24h and 1h reminders exactly once; no and silence get none."""
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00" --length 90m')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("bob", "!meeting rsvp 1 maybe")
    await h.ok("carol", "!meeting rsvp 1 no")
    shown = await h.ok("carol", "!meeting show 1")
    counts = {f.name: f.value for f in shown.fields}
    assert counts["Going (1)"] == "alice" and counts["Can't (1)"] == "carol"
    await h.restart()
    await h.wait(timedelta(hours=9))  # Tuesday 18:00 - 24h has passed
    assert len(h.dms("alice")) == 1 and len(h.dms("bob")) == 1 and h.dms("carol") == []
    await h.restart()  # a restart starts a fresh transcript: count what comes after it
    await h.wait(timedelta(hours=23, minutes=1))  # Tuesday 17:01
    assert [r.title for r in h.dms("alice")] == ["Meeting reminder"]
    assert len(h.dms("bob")) == 1 and h.dms("carol") == []
    await h.restart()
    await h.wait(timedelta(hours=2))
    assert h.dms("alice") == [] and h.dms("bob") == []


async def test_a_move_reminds_for_the_new_time_only_and_bumps_the_sequence(h: Harness) -> None:
    """After a move those coming are told, keep their answer, and get reminders for the new time."""
    added = await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00" --length 1h')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("fran", '!meeting move 1 "thursday 18:00"')
    (told,) = h.dms("alice")
    assert told.title == "Meeting moved"
    assert event(told)["SEQUENCE"] == event(added)["SEQUENCE"] + 1  # type: ignore[operator]
    assert str(event(told)["UID"]) == str(event(added)["UID"])
    await h.wait(timedelta(days=2))  # past the old time: no reminder for it
    assert len(h.dms("alice")) == 1
    await h.wait(timedelta(hours=9, minutes=1))  # Wednesday 18:01: 24h before
    await h.wait(timedelta(hours=23))  # Thursday 17:01: 1h before
    assert len(h.dms("alice")) == 3
    assert "Going (1)" in [f.name for f in (await h.ok("bob", "!meeting show 1")).fields]


async def test_cancel_tells_those_coming_and_stops_reminders_and_answers(h: Harness) -> None:
    """A cancelled meeting tells going/maybe with the reason, reminds nobody, takes no RSVPs."""
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await h.ok("alice", "!meeting rsvp 1 maybe")
    await h.ok("fran", '!meeting cancel 1 --reason "room flooded"')
    (told,) = h.dms("alice")
    assert "room flooded" in told.body
    await h.wait(timedelta(days=2))
    assert len(h.dms("alice")) == 1
    refused = await h.say("bob", "!meeting rsvp 1 going")
    assert refused.error and "cancelled" in refused.body


async def test_a_weekly_series_has_its_rule_and_each_date_its_own_answers(h: Harness) -> None:
    """The .ics carries RRULE and UNTIL; an answer for this week does not carry to the next."""
    reply = await h.ok(
        "fran", '!meeting add Drop-in "tuesday 18:00" --every week --until 2026-12-29'
    )
    rule = event(reply)["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["UNTIL"][0].date().isoformat() == "2026-12-29"  # type: ignore[index]
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.wait(timedelta(days=1, hours=10))  # past the first Tuesday
    shown = {f.name for f in (await h.ok("alice", "!meeting show 1")).fields}
    assert "Going (0)" in shown
    await h.ok("bob", "!meeting rsvp 1 going")
    await h.restart()
    await h.wait(timedelta(days=5, hours=23, minutes=30))  # Monday 18:30: 24h before
    await h.wait(timedelta(hours=23))  # second Tuesday, 17:30: 1h before
    assert [r.title for r in h.dms("bob")] == ["Meeting reminder"] * 2


async def test_after_a_meeting_facilitators_are_asked_who_came(h: Harness) -> None:
    """At its end the meeting asks "Who came?"; the one person going is a button to press."""
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00" --length 1h')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("bob", "!meeting rsvp 1 no")
    await h.wait(timedelta(days=1, hours=10))  # Tuesday 19:00
    (asked,) = [p for p in h.posts if p.title == "Who came?"]
    assert "`!meeting attended 1 @name @name`" in asked.body
    assert [a.label for a in asked.actions] == ["alice came"]
    assert asked.choice is None
    await h.ok("fran", asked.actions[0].as_text())
    assert h.rows("SELECT user_id, minutes, state FROM contrib_entries") == [
        ("alice", 60, "confirmed")
    ]


async def test_a_weekly_meeting_stays_at_local_time_across_daylight_saving(
    harness: Harness,
) -> None:
    """London's 18:00 is 18:00 GMT before the change and 18:00 BST (17:00 UTC) after."""
    harness.as_role("fran", Role.FACILITATOR)
    await harness.ok("olivia", "!settings set timezone Europe/London")
    reply = await harness.ok(
        "fran", '!meeting add Drop-in "2027-03-23 18:00" --every week --length 1h'
    )
    ev = event(reply)
    assert str(ev["DTSTART"].params["TZID"]) == "Europe/London"  # type: ignore[attr-defined]
    assert any(str(tz["TZID"]) == "Europe/London" for tz in calendar(reply).walk("VTIMEZONE"))
    harness.clock.advance(datetime(2027, 3, 24, tzinfo=UTC) - harness.clock.now())
    shown = {f.name: f.value for f in (await harness.ok("fran", "!meeting show 1")).fields}
    after = int(datetime(2027, 3, 30, 17, 0, tzinfo=UTC).timestamp())
    assert shown["When"] == f"<t:{after}:F>"


async def test_ics_on_request_is_private_and_parses(h: Harness) -> None:
    """`!meeting ics` answers privately with a calendar file whose UID is stable."""
    added = await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    again = await h.ok("alice", "!meeting ics 1")
    assert again.private and str(event(again)["UID"]) == str(event(added)["UID"])
    assert h.shell.said.files and h.shell.said.files[-1].suffix == ".ics"


async def test_plan_avail_pick_carries_answers_into_the_meeting(h: Harness) -> None:
    """A picked slot becomes meeting 1 with its .ics: yes carried over as going, maybe as maybe."""
    await h.ok("olivia", '!settings set constituencies "service user, provider"')
    await h.ok("alice", '!me constituency "service user"')
    await h.ok("bob", "!me constituency provider")
    plan = await h.ok("fran", '!meeting plan "Budget" "tue 18:00" "wed 18:00" --length 90m')
    assert plan.key == "meeting-plan:1" and len(plan.actions) == 6
    await h.ok("alice", "!meeting avail 1 1=yes 2=maybe")
    await h.ok("bob", "!meeting avail 1 1=no 2=yes")
    await h.ok("carol", "!meeting avail 1 1=yes 2=no")
    picked = await h.ok("fran", "!meeting pick 1 2")
    assert picked.key == "meeting:1"
    fields = {f.name: f.value for f in picked.fields}
    assert fields["Going (1)"] == "bob" and fields["Maybe (1)"] == "alice"
    assert [f.name for f in picked.files] == ["meeting-1.ics"]


async def test_a_plan_closes_by_itself_on_its_best_slot_across_a_restart(h: Harness) -> None:
    """At --closes the best slot is picked and announced, even after a restart."""
    await h.ok("fran", '!meeting plan "Budget" "tue 18:00" "wed 18:00" --closes "in 11 hours"')
    await h.ok("alice", "!meeting avail 1 1=maybe 2=yes")
    await h.restart()
    await h.wait(timedelta(hours=12))
    (announced,) = [p for p in h.posts if p.key == "meeting:1"]
    assert "slot 2" in announced.body
    refused = await h.say("bob", "!meeting avail 1 1=yes")
    assert refused.error and "decided" in refused.body


async def test_quiet_hours_hold_reminders_except_the_last_when_the_meeting_is_quiet_too(
    h: Harness,
) -> None:
    """Quiet 17:00-19:00: the 24h reminder waits until 19:00; the 1h one goes at 17:00."""
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("alice", "!me quiet 17:00-19:00")
    await h.wait(timedelta(hours=9))  # Monday 18:00: inside quiet hours
    assert h.dms("alice") == []
    await h.wait(timedelta(hours=1))  # Monday 19:00: quiet hours over
    assert len(h.dms("alice")) == 1
    await h.wait(timedelta(hours=22))  # Tuesday 17:00: quiet, and so is the meeting at 18:00
    assert len(h.dms("alice")) == 2


async def test_a_group_that_hides_names_shows_counts_only(h: Harness) -> None:
    """With meeting_names off, the meeting shows how many answered, not who."""
    await h.ok("olivia", "!settings set meeting_names off")
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await h.ok("alice", "!meeting rsvp 1 going")
    shown = {f.name: f.value for f in (await h.ok("bob", "!meeting show 1")).fields}
    assert shown["Going (1)"] == "-"


async def test_moving_a_series_past_its_end_moves_the_end_with_it(h: Harness) -> None:
    """Tuesdays until 29 Dec moved to 5 Jan keep five dates, to 2 Feb, and say so."""
    await h.ok("fran", '!meeting add Drop-in "tuesday 18:00" --every week --until 2026-12-29')
    moved = await h.ok("fran", '!meeting move 1 "2027-01-05 18:00"')
    assert moved.body.endswith("Its last date moves with it, to 2027-02-02.")
    shown = {f.name: f.value for f in (await h.ok("alice", "!meeting show 1")).fields}
    jan5 = int(datetime(2027, 1, 5, 18, 0, tzinfo=UTC).timestamp())
    assert shown["When"] == f"<t:{jan5}:F>"
    assert shown["Repeats"] == "every week until 2027-02-02"
    again = await h.ok("fran", '!meeting move 1 "2027-01-06 18:00"')  # refused before the fix
    assert again.body.endswith("Its last date moves with it, to 2027-02-03.")
    h.clock.advance(datetime(2027, 2, 3, 12, 0, tzinfo=UTC) - h.clock.now())  # the last date
    shown = {f.name: f.value for f in (await h.ok("alice", "!meeting show 1")).fields}
    feb3 = int(datetime(2027, 2, 3, 18, 0, tzinfo=UTC).timestamp())
    assert shown["When"] == f"<t:{feb3}:F>"


async def test_moving_a_one_off_or_open_series_says_nothing_about_an_end(h: Harness) -> None:
    """Without --until there is no end to move, and the answer does not mention one."""
    await h.ok("fran", '!meeting add Drop-in "tuesday 18:00" --every week')
    moved = await h.ok("fran", '!meeting move 1 "wednesday 18:00"')
    assert "last date" not in moved.body


async def test_typing_what_the_buttons_say_records_the_answers(h: Harness) -> None:
    """`1=if need be 2=Cannot` typed without quotes is slot 1 maybe, slot 2 no."""
    await h.ok("fran", '!meeting plan Budget "tue 18:00" "wed 18:00" "thu 18:00"')
    await h.ok("alice", "!meeting avail 1 1=if need be 2=Cannot")
    await h.ok("bob", '!meeting avail 1 "3=can\'t" 1=YES')
    assert sorted(h.rows("SELECT user_id, position, answer FROM meeting_plan_answers")) == [
        ("alice", 1, "maybe"), ("alice", 2, "no"), ("bob", 1, "yes"), ("bob", 3, "no"),
    ]  # fmt: skip


async def test_a_move_to_soon_sends_no_reminder_whose_time_has_passed(h: Harness) -> None:
    """Moved to 3 hours ahead: no 24h reminder at once, only the 1h one when it is due."""
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("fran", '!meeting move 1 "today 12:00"')  # Monday 09:00 now
    assert [r.title for r in h.dms("alice")] == ["Meeting moved"]
    await h.wait(timedelta(hours=1, minutes=59))  # 10:59
    assert [r.title for r in h.dms("alice")] == ["Meeting moved"]
    await h.wait(timedelta(minutes=2))  # 11:01
    assert [r.title for r in h.dms("alice")] == ["Meeting moved", "Meeting reminder"]


@pytest.mark.parametrize(
    ("answer", "sentence"),
    [
        ("going", "You are going to Workshop on"),
        ("maybe", "You might come to Workshop on"),
        ("no", "You are not going to Workshop on"),
        ("Can't", "You are not going to Workshop on"),
    ],
)
async def test_an_rsvp_reads_back_as_a_sentence(h: Harness, answer: str, sentence: str) -> None:
    """The answer is told back in plain words, not "You are maybe for Workshop"."""
    await h.ok("fran", '!meeting add Workshop "tuesday 18:00"')
    reply = await h.ok("alice", f'!meeting rsvp 1 "{answer}"')
    tuesday = int(TUESDAY.timestamp())
    assert reply.body == f"{sentence} <t:{tuesday}:F>." and reply.private


async def test_a_plans_buttons_name_their_time_in_the_groups_zone(h: Harness) -> None:
    """Buttons read "Tue 01 Dec 13:00: if need be" (New York), not "1: maybe"."""
    await h.ok("olivia", "!settings set timezone America/New_York")
    plan = await h.ok("fran", '!meeting plan Budget "tue 13:00" "wed 18:30"')
    assert [a.label for a in plan.actions] == [
        "Tue 01 Dec 13:00: yes", "Tue 01 Dec 13:00: if need be", "Tue 01 Dec 13:00: no",
        "Wed 02 Dec 18:30: yes", "Wed 02 Dec 18:30: if need be", "Wed 02 Dec 18:30: no",
    ]  # fmt: skip
    assert plan.actions[4].as_text() == "!meeting avail 1 2=maybe"


async def test_until_takes_a_day_as_typed_elsewhere(h: Harness) -> None:
    """`--until "29 dec"` is the next 29 December, the series' last day."""
    reply = await h.ok("fran", '!meeting add Drop-in "tuesday 18:00" --every week --until "29 dec"')
    assert {f.name: f.value for f in reply.fields}["Repeats"] == "every week until 2026-12-29"


async def test_reminders_that_fall_due_together_are_sent_once(h: Harness) -> None:
    """Down from Monday to Tuesday 17:30: the 24h and 1h reminders are both due; one is sent."""
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.restart()
    await h.wait(timedelta(days=1, hours=8, minutes=30))  # Tuesday 17:30, nobody typing
    (reminder,) = h.dms("alice")
    assert reminder.title == "Meeting reminder"
    assert f"<t:{int(TUESDAY.timestamp())}:R>" in reminder.body  # in 30 minutes
    await h.wait(timedelta(hours=1))
    assert len(h.dms("alice")) == 1


async def test_no_reminder_comes_once_the_meeting_has_started(h: Harness) -> None:
    """Down until Tuesday 18:30, inside the meeting: its reminders are too late to help."""
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00" --length 90m')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.restart()
    await h.wait(timedelta(days=1, hours=9, minutes=30))  # Tuesday 18:30
    assert h.dms("alice") == []


async def test_a_reminder_added_after_the_meeting_does_not_silence_the_one_armed(
    h: Harness,
) -> None:
    """Armed with 24h only, then 1h added, then down past both: one reminder still comes."""
    await h.ok("olivia", "!settings set meeting_reminders 24h")
    await h.ok("fran", '!meeting add "Steering group" "tuesday 18:00"')
    await h.ok("alice", "!meeting rsvp 1 going")
    await h.ok("olivia", "!settings set meeting_reminders 24h,1h")
    await h.restart()
    await h.wait(timedelta(days=1, hours=8, minutes=30))  # Tuesday 17:30, nobody typing
    assert [r.title for r in h.dms("alice")] == ["Meeting reminder"]
