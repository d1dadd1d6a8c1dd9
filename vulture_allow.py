"""Names vulture (in check.sh) reports as unused that are used, each with where and why.

Vulture reads this file as code that uses them. Everything else it finds is dead: delete it.
"""

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# Read through getattr by the core when a cog is registered (bot/core/cog.py: _marked).
_.__command__
_.__job__
_.__listener__
# discord.py's hooks, called by the library: the command tree reads a callback's
# signature and name.
_.__signature__
_.__qualname__
_.warn_dave  # VoiceClient flags: silence warnings about voice, which the bot never uses
_.warn_nacl
_.mxid  # mautrix's ClientAPI reads it for every request made as the bot
# mautrix's StateStore interface: its OlmMachine calls them (bot/platforms/matrix/crypto.py).
_.get_encryption_info
_.find_shared_rooms
_.row_factory  # sqlite3 reads it on every fetch
# Dataclass fields kept for the record they describe, read by people looking at the database.
_.started_at
_.done_at
# What tests and benchmarks watch from outside: counters and the timer's next firing.
_.armed_for
_.batches
_.backfill_requests
# The OAuth2 link the README gives for adding the bot to a server (tests/discord/test_docs.py
# checks the README's link is this one).
_.invite_url
# Operator records a platform keeps that the bot never reads back (they are for the
# operator and the tests): Discord's refused DMs, Matrix's handled events.
_.dm_fallbacks
_.was_claimed
# The storage interface's Row protocol: rows are indexed by the drivers' own row types.
_.__getitem__
# An engine's opener (storage/engine.py's Opener protocol), called through Database.openers.
_.__call__
