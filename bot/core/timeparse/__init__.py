"""Times people type and times the bot shows: one reading of WHEN, DATE, LENGTH and HOW OFTEN.

Every command and the config read times through here, so "in 3 days", "2 weeks" and "first
tuesday of the month" mean the same wherever they are typed, and refusals and `!help` show
the same examples. Times are read in the group's (or person's) zone and kept in UTC.
"""

from __future__ import annotations

from bot.core.timeparse._days import show_day
from bot.core.timeparse._length import (
    LONGEST_WAIT,
    describe_length,
    parse_duration,
    parse_length,
    whole_units,
)
from bot.core.timeparse._repeat import Repeat, parse_repeat
from bot.core.timeparse._stamps import STAMP, describe, render_stamps, stamp
from bot.core.timeparse._when import AHEAD_YEARS, DAY_TIME, parse_date, parse_when
from bot.core.timeparse._words import (
    DATE_EXAMPLES,
    LENGTH_EXAMPLES,
    REPEAT_EXAMPLES,
    WHEN_EXAMPLES,
)
from bot.core.timeparse._zones import known_zones, zone, zone_name

__all__ = [
    "AHEAD_YEARS",
    "DATE_EXAMPLES",
    "DAY_TIME",
    "LENGTH_EXAMPLES",
    "LONGEST_WAIT",
    "REPEAT_EXAMPLES",
    "STAMP",
    "WHEN_EXAMPLES",
    "Repeat",
    "describe",
    "describe_length",
    "known_zones",
    "parse_date",
    "parse_duration",
    "parse_length",
    "parse_repeat",
    "parse_when",
    "render_stamps",
    "show_day",
    "stamp",
    "whole_units",
    "zone",
    "zone_name",
]
