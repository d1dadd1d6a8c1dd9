"""The core's one store for what buttons do: Actions and Choices by short id, for every platform."""

from __future__ import annotations

import dataclasses

from bot.core.model import Action, Ask, Choice
from tests.harness import GROUP_ID, Harness

BLOCK = Action("Block", "poll vote", ("1", "block"), "danger", Ask("reason", "Why do you block?"))
RANKED = Choice(
    "poll:1", "Rank these", ("a", "b"), "poll vote", ("1",), 2, True, withdraw="poll withdraw 1"
)


async def test_the_same_action_keeps_one_id_and_comes_back_whole(harness: Harness) -> None:
    """An asking action is stored once per group and read back with its question."""
    buttons = harness.bot.buttons
    first = await buttons.save_action(GROUP_ID, BLOCK)
    assert await buttons.save_action(GROUP_ID, BLOCK) == first
    assert await buttons.action(first) == (GROUP_ID, BLOCK)
    assert await buttons.action(first + 100) is None


async def test_a_choice_keeps_its_id_when_redrawn_and_names_its_withdraw(harness: Harness) -> None:
    """Redrawing a choice under the same key updates it in place; its withdraw is its own."""
    buttons = harness.bot.buttons
    first = await buttons.save_choice(GROUP_ID, RANKED)
    wider = dataclasses.replace(RANKED, options=("a", "b", "c"), max_selections=3)
    assert await buttons.save_choice(GROUP_ID, wider) == first
    assert await buttons.choice(first) == (GROUP_ID, wider)
    assert wider.withdraw == "poll withdraw 1"
