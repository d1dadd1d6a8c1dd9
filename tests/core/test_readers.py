"""Which run's answer a person gets, and in which language (bot/core/readers.py)."""

from __future__ import annotations

from bot.core import i18n
from bot.core.model import Reply
from bot.core.readers import answered


class Command:
    """A command that answers with the language it ran in, and records each run."""

    def __init__(self, *, private: bool = False, refuses_in: str = "") -> None:
        self.private = private
        self.refuses_in = refuses_in
        self.runs: list[tuple[str, bool]] = []

    async def __call__(self, undo: bool) -> Reply:
        spoken = i18n.language()
        self.runs.append((spoken, undo))
        if spoken == self.refuses_in:
            return Reply.refusal(f"refused in {spoken}")
        return Reply(f"said in {spoken}", private=self.private)


async def test_one_language_runs_once() -> None:
    """Group and person speak Welsh: one real run, in Welsh."""
    command = Command(private=True)
    reply = await answered(command, "cy", "cy")
    assert command.runs == [("cy", False)]
    assert reply.body == "said in cy"


async def test_a_public_answer_is_the_groups() -> None:
    """Welsh person, English group: the Welsh run is undone, the English one answers all."""
    command = Command()
    reply = await answered(command, "en", "cy")
    assert command.runs == [("cy", True), ("en_GB", False)]
    assert reply.body == "said in en_GB"


async def test_a_private_answer_is_the_persons() -> None:
    """A private answer comes from the Welsh run; the English run is the one kept."""
    command = Command(private=True)
    reply = await answered(command, "en", "cy")
    assert command.runs == [("cy", True), ("en_GB", False)]
    assert reply.body == "said in cy"


async def test_in_a_private_chat_every_answer_is_the_persons() -> None:
    """Typed in a private chat with the bot, even an answer meant for all is the person's."""
    reply = await answered(Command(), "en", "cy", private_chat=True)
    assert reply.body == "said in cy"


async def test_when_the_runs_disagree_the_real_one_answers() -> None:
    """The kept run refused (a deadline passed between the two): its refusal is the answer."""
    reply = await answered(Command(private=True, refuses_in="en_GB"), "en", "cy")
    assert reply.error and reply.body == "refused in en_GB"
    kept = await answered(Command(private=True, refuses_in="cy"), "en", "cy")
    assert not kept.error and kept.body == "said in en_GB"  # what was done, in the group's
