"""Finding a poll, whose ballot is whose, its tally, and its living message as stored."""

from __future__ import annotations

from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.i18n import N_, _
from bot.core.model import Reply
from bot.core.services import Services
from cogs.polls._keys import PollKey
from cogs.polls._render import closed_message, options_of, poll_message, results_message
from cogs.polls._secrets import ballot_key, secret_of
from cogs.polls._tally import BLOCK, OBJECT, Results, tally
from storage.polls import Poll, PollRepository

# Refusals more than one command gives (marked here, said with their poll's number).
NO_SUCH_POLL = N_("There is no poll {id} here. Type `!poll list` to see the open polls.")
CLOSED = N_("Poll {id} has closed; its ballots can no longer change.")


class PollBoard:
    """What every polls command and job needs of a poll beyond its own rows."""

    def __init__(self, services: Services, polls: PollRepository) -> None:
        self.services = services
        self.polls = polls
        self._open: dict[int, Poll] = {}  # open polls as last read: votes come in bursts
        services.posting.living(PollKey.PREFIX, self.living_message)

    async def poll(self, ctx: Context, poll_id: int) -> Poll:
        """The group's poll, or a UserError saying how to see the open ones."""
        poll = self._open.get(poll_id) or await self.polls.get(poll_id)
        if poll is None or poll.group_id != ctx.group.id:
            raise UserError(_(NO_SUCH_POLL, id=poll_id))
        if poll.is_open and not self.services.db.shared:  # another process may close it
            self._open[poll_id] = poll
        return poll

    async def group_of(self, poll_id: int) -> str | None:
        """The group a poll belongs to."""
        poll = self._open.get(poll_id) or await self.polls.get(poll_id)
        return poll.group_id if poll else None

    def closed(self, poll_id: int) -> None:
        """The poll has closed: read it afresh from now on."""
        self._open.pop(poll_id, None)

    async def voter(self, poll: Poll, user_id: str) -> str:
        """Whose ballot it is: the user id, or in an anonymous poll their ballot key."""
        if not poll.anonymous:
            return user_id
        secret = secret_of(self.services, poll.id)
        if secret is None:
            raise UserError(_(CLOSED, id=poll.id))
        return ballot_key(secret, user_id)

    async def results(self, poll: Poll) -> tuple[Results, list[str], list[str]]:
        """The tally, the reasons for blocking and the concerns raised with Object."""
        ballots = await self.polls.ballots(poll.id)
        results = tally(poll.kind, len(options_of(poll)), [b.choices for b in ballots])
        reasons = [b.reason for b in ballots if b.reason and BLOCK in b.choices]
        concerns = [b.reason for b in ballots if b.reason and OBJECT in b.choices]
        return results, reasons, concerns

    async def living_message(self, group_id: str, key: str) -> Reply | None:
        """The poll's message as it stands: turnout while open, the results once closed."""
        poll = await self.polls.get(PollKey.parse(key).poll_id)
        if poll is None or poll.group_id != group_id:
            return None
        members = await self.services.members.count(poll.group_id)
        if poll.is_open:
            return poll_message(poll, await self.polls.voter_count(poll.id), members)
        results, reasons, concerns = await self.results(poll)
        return closed_message(poll, results_message(poll, results, members, reasons, concerns))
