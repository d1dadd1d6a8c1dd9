"""The digest's job ref, week and nudge keys, written out by hand."""

from __future__ import annotations

from datetime import UTC, datetime

from cogs.digest._keys import digest_key, no_organisers_key, week_of, weekly_ref


def test_the_formats_as_stored() -> None:
    """A group's weekly job is its id; the week of Monday 30 Nov 2026 is `2026-11-30`."""
    assert weekly_ref("discord:42") == "discord:42"
    assert week_of(datetime(2026, 11, 30, 9, 0, tzinfo=UTC)) == "2026-11-30"
    assert digest_key("discord:42", "2026-11-30") == "digest:discord:42:2026-11-30"
    assert no_organisers_key("discord:42") == "digest:discord:42:no-organisers"
