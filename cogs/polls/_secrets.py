"""Anonymous polls' keys: made at creation, kept beside the database, erased at close.

Release 0.1.0 kept them in `polls.secret`; at start they move to the key file and the
column is emptied, and the write-ahead log is folded in so no old page keeps them. If a
reader keeps the log busy, the erase stays pending as a scheduled job retried with back-off.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os

from bot.core.scheduler import Due
from bot.core.services import Services
from cogs.polls._keys import ERASE_REF, SecretName
from cogs.polls._settings import ERASE
from storage.polls import PollRepository

log = logging.getLogger(__name__)


def secret_of(services: Services, poll_id: int) -> bytes | None:
    """An anonymous poll's secret, while it is open (None once erased)."""
    return services.db.keys.get(SecretName(poll_id).encode())


def erase_secret(services: Services, poll_id: int) -> None:
    """Forget a closed poll's secret: nobody can link its ballots to anyone after this."""
    services.db.keys.erase(SecretName(poll_id).encode())


def ballot_key(secret: bytes, user_id: str) -> str:
    """An anonymous ballot's key: HMAC-SHA256 of the user id under the poll's secret.

    The user id is encoded as UTF-8 and the digest written as lowercase hex. The same person
    always gets the same key for one poll; without the secret, nobody can tell whose it is.
    """
    return hmac.new(secret, user_id.encode(), hashlib.sha256).hexdigest()


def new_secret(services: Services, poll_id: int) -> None:
    """Make and keep a new anonymous poll's key (on disk before its poll is committed)."""
    services.db.keys.put(SecretName(poll_id).encode(), os.urandom(32))


async def tidy_keys(services: Services) -> None:
    """At start: move keys out of the database, and erase those of polls that have closed.

    A crash between a close's commit and its erase leaves a key behind; this is that
    erase, done durably on the next start.
    """
    db = services.db
    polls = PollRepository(db.reader)
    moved = await polls.secrets_in_database()
    for poll_id, secret in moved:
        db.keys.put(SecretName(poll_id).encode(), secret)
    if db.shared:
        # Another process writes a new poll's key before its poll is committed: only keys
        # of polls known to be closed are erased here.
        closed = await polls.closed_ids()
        db.keys.erase(*(n for n in db.keys.names() if _poll_of(n) in closed))
    else:
        kept = {None, *await polls.open_ids()}  # open polls', and secrets not a poll's
        db.keys.erase(*(n for n in db.keys.names() if _poll_of(n) not in kept))
    if moved:
        async with db.transaction() as tx:
            await polls.drop_secrets_in_database(tx)
        await fold_log(services)


def _poll_of(name: str) -> int | None:
    """The poll a kept secret belongs to; None for a secret that is not a poll's."""
    try:
        return SecretName.parse(name).poll_id
    except ValueError:
        return None  # not a poll's secret: not ours to erase


async def fold_log(services: Services) -> None:
    """Empty the write-ahead log of erased secrets, or keep that pending as a job."""
    if await services.db.checkpoint():
        return
    log.warning("a reader kept the database log busy; erasing old poll secrets later")
    now = services.clock.now()
    group_id = await PollRepository(services.db.reader).any_group()
    if group_id is not None:
        async with services.db.transaction() as tx:
            await services.scheduler.add(tx, group_id, ERASE, ERASE_REF, now)


async def erase_due(services: Services, due: Due) -> None:
    """The pending erase: raises while the log stays busy, so the scheduler backs off."""
    if not await services.db.checkpoint():
        raise RuntimeError("the database log is still busy; the old poll secret is not gone yet")
    async with services.db.transaction() as tx:
        await due.finish(tx)
