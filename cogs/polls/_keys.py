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
from storage.polls import PollRepository

log = logging.getLogger(__name__)

# Scheduled while the write-ahead log could not yet be emptied of an erased secret.
ERASE = "poll_secret_erase"


def key_name(poll_id: int) -> str:
    """Where a poll's key is kept in the key file."""
    return f"poll:{poll_id}"


def ballot_key(secret: bytes, user_id: str) -> str:
    """An anonymous ballot's key: HMAC-SHA256 of the user id under the poll's secret.

    The user id is encoded as UTF-8 and the digest written as lowercase hex. The same person
    always gets the same key for one poll; without the secret, nobody can tell whose it is.
    """
    return hmac.new(secret, user_id.encode(), hashlib.sha256).hexdigest()


def new_secret(services: Services, poll_id: int) -> None:
    """Make and keep a new anonymous poll's key (on disk before its poll is committed)."""
    services.db.keys.put(key_name(poll_id), os.urandom(32))


async def tidy_keys(services: Services) -> None:
    """At start: move keys out of the database, and erase those of polls that have closed.

    A crash between a close's commit and its erase leaves a key behind; this is that
    erase, done durably on the next start.
    """
    db = services.db
    polls = PollRepository(db.reader)
    moved = await polls.secrets_in_database()
    for poll_id, secret in moved:
        db.keys.put(key_name(poll_id), secret)
    open_ids = await polls.open_ids()
    db.keys.erase(
        *(n for n in db.keys.names() if n.startswith("poll:") and int(n[5:]) not in open_ids)
    )
    if moved:
        async with db.transaction() as tx:
            await polls.drop_secrets_in_database(tx)
        await fold_log(services)


async def fold_log(services: Services) -> None:
    """Empty the write-ahead log of erased secrets, or keep that pending as a job."""
    if await services.db.checkpoint():
        return
    log.warning("a reader kept the database log busy; erasing old poll secrets later")
    now = services.clock.now()
    group_id = await PollRepository(services.db.reader).any_group()
    if group_id is not None:
        async with services.db.transaction() as tx:
            await services.scheduler.add(tx, group_id, ERASE, "wal", now)


async def erase_due(services: Services, due: Due) -> None:
    """The pending erase: raises while the log stays busy, so the scheduler backs off."""
    if not await services.db.checkpoint():
        raise RuntimeError("the database log is still busy; the old poll secret is not gone yet")
    async with services.db.transaction() as tx:
        await due.finish(tx)
