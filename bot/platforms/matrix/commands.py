"""Commands and native poll answers on Matrix: run once, answered as a reply or privately.

Delivery rule: exactly once, by a claim committed with the effect (see events.py).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from bot.core.context import Invocation
from bot.core.events import ThreadMessage
from bot.core.i18n import N_, _, speaking
from bot.core.model import Reply, Role, User
from bot.core.outbox import written
from bot.core.outlet import AnswerTo
from bot.platforms.matrix import polls
from bot.platforms.matrix.handler import Event, Handler, group_id_of
from bot.platforms.matrix.render import command_text, relation_of, reply_relation

log = logging.getLogger(__name__)

DM_ROOM_HINT = N_(
    "This is our private room: I send you confirmations and reminders here, and you can "
    "vote here (`!poll vote ID CHOICE`) so nobody in the group sees your choice."
)
FAILED = N_(
    "Something went wrong on my side with that command; it has been logged. Try again later."
)
# A native poll's answer taken back where the poll allows no withdrawal.
NO_TAKING_BACK = N_("An answer to this poll cannot be taken back.")
# A native poll's answer naming options the poll does not have.
NOT_AN_OPTION = N_("That answer is not one of this poll's options; your vote did not change.")
# An encrypted message whose room key never came (or that cannot be decrypted at all).
UNREADABLE = N_("I could not read your last message; please send it again.")


class Commands(Handler):
    """Text commands (in a room or the DM room), thread messages and native poll answers."""

    async def on_message(self, room_id: str, event: Event) -> None:
        """A text command, or an answer to one of the bot's native polls."""
        kind, content = event.get("type"), event.get("content") or {}
        if kind == "m.room.message":
            text = command_text(content)
            if text:
                await self.on_command(room_id, event, text)
            else:
                await self.on_thread_message(room_id, event, content)
        elif kind in polls.RESPONSE_TYPES:
            await self.on_poll_response(room_id, event, content)

    async def on_unreadable(self, room_id: str, event: Event) -> None:
        """Say plainly, once per message, that an encrypted message could not be read.

        Answered as a reply in its room (encrypted there like everything else), so its
        sender knows to send it again instead of waiting on silence.
        """
        sender = str(event.get("sender"))
        private = self.outlet.is_dm_room(room_id)
        group_id = "" if private else group_id_of(room_id)
        async with self.bot.db.transaction():
            if not await self._claim(event):
                return
            to = self._answer_to(room_id, event, User(sender, sender), private=private)
            await self.bot.outbox.answer(group_id, to, Reply(body=_(UNREADABLE)))

    async def on_thread_message(self, room_id: str, event: Event, content: Event) -> None:
        """Someone wrote in the thread on a keyed message (an idea's): say so to features.

        Once per event, and only that it happened: never what was said.
        """
        relates = relation_of(content)
        sender = str(event.get("sender"))
        if relates.get("rel_type") != "m.thread" or sender == self.client.user_id:
            return
        post = await self.bot.posts.by_thread(str(relates.get("event_id")))
        if post is None or post.channel_id != room_id:
            return
        sent = datetime.fromtimestamp(int(event.get("origin_server_ts") or 0) / 1000, UTC)
        async with self.bot.db.transaction():
            if await self._claim(event):
                await self.bot.emit(ThreadMessage(post.group_id, post.key, sender, sent))

    async def _invocation(self, room_id: str, group_id: str, sender: str) -> Invocation:
        info = await self.rooms.get(room_id)
        role = self.role_in(info, sender)
        user = User(sender, info.name_of(sender))
        return Invocation(group_id, info.name or room_id, room_id, user, role)

    async def _run(self, text: str, inv: Invocation) -> Reply:
        try:
            return await self.bot.handle_text(text, inv)
        except Exception:
            log.exception("Matrix: %r from %s failed", text, inv.user.id)
            return await self._refusal(FAILED, inv.group_id, inv.user.id)

    async def _refusal(self, text: str, group_id: str | None, user_id: str) -> Reply:
        """A refusal (a constant marked with N_) in the person's language."""
        if group_id:
            code = await self.bot.people.language_of(group_id, user_id)
        else:
            code = await self.bot.people.own_language(user_id)
        with speaking(code):
            return written(Reply.refusal(_(text)))

    def _answer_to(self, room_id: str, event: Event, user: User, *, private: bool) -> AnswerTo:
        relation = json.dumps(reply_relation(event), separators=(",", ":"))
        return AnswerTo(room_id, user, relation, private_chat=private)

    async def on_command(self, room_id: str, event: Event, text: str) -> None:
        """`!poll vote 3 2`: run it once, answer as a reply (or privately)."""
        if self.outlet.is_dm_room(room_id):
            await self.on_private_command(room_id, event, text)
            return
        group_id = group_id_of(room_id)
        inv = await self._invocation(room_id, group_id, str(event["sender"]))
        # The claim, the command's writes and the answer it owes commit together.
        async with self.bot.db.transaction():
            if not await self._claim(event):
                return
            reply = await self._run(text, inv)
            to = self._answer_to(room_id, event, inv.user, private=False)
            await self.bot.outbox.answer(group_id, to, reply)

    async def on_private_command(self, room_id: str, event: Event, text: str) -> None:
        """A command in our DM room: votes run in the poll's group, so nobody sees them."""
        sender = str(event["sender"])

        async def role_in(group_id: str) -> Role:
            info = await self.rooms.get(group_id.removeprefix("matrix:"))
            return self.role_in(info, sender)

        async with self.bot.db.transaction():
            if not await self._claim(event):
                return
            try:
                group_id, reply = await self.bot.handle_private_text(
                    text, User(sender, sender), room_id, "matrix", role_in
                )
            except Exception:
                log.exception("Matrix: private %r from %s failed", text, sender)
                group_id, reply = None, await self._refusal(FAILED, None, sender)
            if reply.error and group_id is None:
                code = reply.language or await self.bot.people.own_language(sender)
                with speaking(code):
                    reply = written(Reply.refusal(f"{reply.body}\n\n{_(DM_ROOM_HINT)}"))
            to = self._answer_to(room_id, event, User(sender, sender), private=True)
            await self.bot.outbox.answer(group_id or "", to, reply)

    async def on_poll_response(self, room_id: str, event: Event, content: Event) -> None:
        """A native poll answer runs the same command as typing it; only refusals answer.

        The claim, the "latest answer" record and the ballot commit together, so a crash
        loses no answer and a replay counts none twice.
        """
        response = polls.read_response(content)
        if response is None:
            return
        native = await self.repo.poll_by_event(response.start_event_id)
        if native is None or native.room_id != room_id:
            return
        sender = str(event["sender"])
        inv = await self._invocation(room_id, native.group_id, sender)
        stored = await self.bot.buttons.choice(native.choice_id)
        if stored is None:
            return
        choice = stored[1]
        to = self._answer_to(room_id, event, inv.user, private=False)
        async with self.bot.db.transaction() as tx:
            if not await self.repo.claim_event(
                tx, event["event_id"], room_id, self.bot.clock.now()
            ):
                return
            sent_at = int(event.get("origin_server_ts") or 0)
            if not await self.repo.newer_response(tx, native.start_event_id, sender, sent_at):
                return  # an older answer arriving late: the person's latest one stands
            if response.answers == ():
                if choice.withdraw is None:
                    refusal = await self._refusal(NO_TAKING_BACK, native.group_id, sender)
                    await self.bot.outbox.answer(native.group_id, to, refusal)
                    return
                text = "!" + choice.withdraw
            else:
                most = max(1, min(choice.max_selections, len(choice.options)))
                picked = polls.picked_numbers(response.answers or (), len(choice.options), most)
                if response.answers is None or picked is None:
                    refusal = await self._refusal(NOT_AN_OPTION, native.group_id, sender)
                    await self.bot.outbox.answer(native.group_id, to, refusal)
                    return
                text = polls.ballot_command(choice.command, choice.args, picked)
            reply = await self._run(text, inv)
            # A native answer needs no confirmation (the client shows the vote): only refusals.
            if reply.error:
                await self.bot.outbox.answer(native.group_id, to, reply)
