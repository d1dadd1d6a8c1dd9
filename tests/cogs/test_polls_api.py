"""Other features start polls and hear their outcome through cogs.polls' public interface."""

from __future__ import annotations

from datetime import timedelta

from bot.core.cog import Cog
from bot.core.commands import listener
from bot.core.model import Role
from cogs.polls import PollClosed, start_poll
from tests.harness import GROUP_ID, Harness


class Decisions(Cog):
    """A stand-in for a feature that asks the group and waits for the answer."""

    heard: list[PollClosed]

    async def start(self) -> None:
        """Nothing heard yet."""
        self.heard = []

    @listener(PollClosed)
    async def closed(self, outcome: PollClosed) -> None:
        """Keep what the poll decided."""
        self.heard.append(outcome)


async def test_a_feature_starts_a_consent_poll_and_hears_it_passed(harness: Harness) -> None:
    """start_poll makes a real poll people vote in; its close brings a PollClosed."""
    h = harness
    feature = Decisions(h.bot.services)
    h.bot.add_cog(feature)
    await feature.start()
    poll_id, message = await start_poll(
        h.bot.services,
        group_id=GROUP_ID,
        channel_id="general",
        author_id="olivia",
        question="Adopt the idea?",
        kind="consent",
        closes_at=h.clock.now() + timedelta(days=1),
    )
    assert message.key == f"poll:{poll_id}"
    await h.ok("alice", f"!poll vote {poll_id} agree")
    await h.wait(timedelta(days=1, minutes=1))
    (outcome,) = feature.heard
    assert outcome.poll_id == poll_id and outcome.consent == "passed" and outcome.voters == 1


async def test_a_blocked_decision_carries_the_reasons(harness: Harness) -> None:
    """A block's reason reaches the feature that started the poll."""
    h = harness
    h.as_role("fran", Role.FACILITATOR)
    feature = Decisions(h.bot.services)
    h.bot.add_cog(feature)
    await feature.start()
    poll_id, _ = await start_poll(
        h.bot.services,
        group_id=GROUP_ID,
        channel_id="general",
        author_id="fran",
        question="Close the drop-in on Fridays?",
        kind="consent",
    )
    await h.ok("bob", f'!poll vote {poll_id} block --reason "Fridays are when carers come"')
    await h.ok("fran", f"!poll close {poll_id}")
    (outcome,) = feature.heard
    assert outcome.consent == "blocked"
    assert outcome.block_reasons == ("Fridays are when carers come",)
