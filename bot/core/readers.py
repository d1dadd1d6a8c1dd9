"""Who reads an answer, and so its language: the group's in its channels, a person's own privately.

A command's answer is public (a poll posted for everyone) or private (a vote's confirmation,
a refusal), and which one is only known once the command has run. When someone's language
differs from their group's, the command is run twice from the same stored state: first in
the person's language, for its answer alone, and undone; then in the group's, for real, so
everything it posts or owes the group is in the group's language. Both runs decide alike
(commands depend on nothing but what is stored, the clock and what was typed), so the
private answer says what the real run did; should they differ (a real clock passed a
deadline between them), the real run's answer is given, in the group's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.core.i18n import speaking
from bot.core.model import Reply


class Undone(Exception):
    """Raised inside a command's savepoint to undo its writes and keep its answer."""

    def __init__(self, reply: Reply | None) -> None:
        super().__init__("undone")
        self.reply = reply


async def answered(
    run: Callable[[bool], Awaitable[Reply]],
    group_language: str,
    own: str,
    *,
    private_chat: bool = False,
) -> Reply:
    """The answer to a command, in its reader's language; `run(undo)` runs the command.

    `private_chat`: typed in a private chat with the bot, so every answer is private.
    """
    if own == group_language:
        with speaking(own):
            return await run(False)
    with speaking(own):
        private = await run(True)
    with speaking(group_language):
        reply = await run(False)
    if not (private_chat or reply.private or reply.error):
        return reply  # for everyone: the group's language
    if private.error != reply.error:
        return reply  # the runs decided differently (a deadline passed between them): the truth
    return private
