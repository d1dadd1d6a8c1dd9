"""The terminal shell: try the bot with no chat server, as several people, with a movable clock."""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot.core.bot import Bot
from bot.core.clock import ManualClock, OffsetClock
from bot.core.context import Invocation
from bot.core.errors import UserError
from bot.core.i18n import N_, _, speaking
from bot.core.model import Action, File, Reply, Role, User
from bot.core.outlet import AnswerTo, CalendarEvent, Handle
from bot.core.parser import readable, whole_number
from bot.core.render import as_text
from bot.core.timeparse import parse_duration
from storage.shell import ShellRepository

GROUP_ID = "shell:local"
GROUP_NAME = "Terminal"
CHANNEL = "general"
FILES_FOLDER = "coprod-files"  # next to the database: exports, calendars, charts, reports
NO_BUTTONS = N_(
    "There is nothing to press: the last message had no buttons."
    " Type a command instead (!help lists them)."
)
AS_USAGE = N_("Usage: :as NAME [participant|facilitator|organiser]")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

SHELL_HELP = N_("""Shell commands (everything else is a bot command; the ! is optional):
  :as NAME [participant|facilitator|organiser]   type as someone else (new names join)
  :users                                         who is in the group
  :wait DURATION                                 move the clock on, e.g. :wait 2h, :wait 3d
  :time                                          the shell's clock
  :help                                          this list
  :quit                                          leave
  1, 2, ...                                      press a numbered button of the last message
A button that asks a question (Block asks why) takes the next line as the answer,
whatever it says, in a script too; at a terminal, Ctrl-C there sends nothing instead.""")


def keep_logs_aside(db_path: str | Path, level: str = "WARNING") -> None:
    """Send log lines, WARNING and above, to stderr, or to DATABASE.log at a terminal.

    The shell's stdout is the conversation a person reads (or a transcript a script keeps).
    At a terminal stderr shows on the same screen, so there the log goes to a file beside
    the database instead. A configured level stricter than WARNING is kept.
    """
    floor = max(logging.WARNING, logging.getLevelNamesMapping().get(level, logging.WARNING))
    handler: logging.Handler
    if sys.stderr.isatty():
        # A PostgreSQL database has no file to sit beside: coprod.log in this folder then.
        where = "coprod" if "://" in str(db_path) else str(db_path)
        handler = logging.FileHandler(f"{where}.log", encoding="utf-8", delay=True)
    else:
        # Bound now, to the real stderr: prompt_toolkit later swaps sys.stderr for a proxy
        # that writes into the conversation.
        handler = logging.StreamHandler(sys.stderr)
    logging.basicConfig(level=floor, format=LOG_FORMAT, handlers=[handler], force=True)
    logging.captureWarnings(True)  # a library's warning is a log line like any other


@dataclass
class Said:
    """Everything the bot said, for scripts and tests to read back."""

    answers: list[tuple[str, Reply]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    threads: list[tuple[str, Reply]] = field(default_factory=list)
    posts: list[tuple[str, Reply]] = field(default_factory=list)
    dms: list[tuple[str, Reply]] = field(default_factory=list)


class ShellPlatform:
    """One group ('Terminal') with one channel; people are switched with `:as`."""

    # A terminal cannot redraw an earlier message, so the core need not prepare redraws.
    live_updates = False

    async def calendar(
        self, group_id: str, ref: str | None, event: CalendarEvent | None
    ) -> str | None:
        """A terminal has no native events: the meeting's .ics file is its calendar."""
        return None

    def __init__(
        self,
        bot: Bot,
        clock: ManualClock | OffsetClock,
        *,
        user: str = "you",
        role: Role = Role.ORGANISER,
        out: Callable[[str], None] | None = None,
    ) -> None:
        self.bot = bot
        self.clock = clock
        # Flushed at once, so a program reading a piped shell sees each answer as it comes.
        self.out = out or (lambda text: print(text, flush=True))
        self.people: dict[str, Role] = {}
        self.current = user
        self.people[user] = role
        self.last_actions: tuple[Action, ...] = ()
        # A pressed button that asked for text: the next line is its answer.
        self.asking: Action | None = None
        self.said = Said()
        self.times = ShellRepository(bot.db.reader)
        self.messages = 0  # numbers the shell's messages, so features can find them again

    # -- Outlet -------------------------------------------------------------------------

    async def _show(self, label: str, reply: Reply, reader: str | None = None) -> None:
        # Private messages show times in the reader's own zone, public ones in the group's.
        if reader is not None:
            zone = await self.bot.people.zone_of(GROUP_ID, reader)
        else:
            zone = (await self.bot.group(GROUP_ID, GROUP_NAME)).settings.timezone
        with speaking(reply.language):  # its times in the language it was written in
            text = as_text(reply, zone, self.clock.now())
        for file in reply.files:
            text += f"\n[file: {self.save_file(file)}]"
        self.out(f"[{label}]\n{text}" if "\n" in text else f"[{label}] {text}")

    def _offer(self, reply: Reply, *, replaces: bool) -> None:
        # Numbers press the buttons of the last message in the channel (none, if it had
        # none), or of a private answer or thread message that brings its own: a private
        # aside (a vote's confirmation, a refusal) leaves the channel's buttons to press.
        if reply.actions or replaces:
            self.last_actions = reply.actions

    def save_file(self, file: File) -> Path:
        """Write a file the bot sent into a folder next to the database; returns its path."""
        folder = self.bot.db.beside("").resolve().parent / FILES_FOLDER
        folder.mkdir(exist_ok=True)
        stem, dot, ext = Path(file.name).name.partition(".")
        path, n = folder / Path(file.name).name, 1
        while path.exists():  # never overwrite an earlier file
            n += 1
            path = folder / f"{stem}-{n}{dot}{ext}"
        path.write_bytes(file.data)
        self.said.files.append(path)
        return path

    async def post(self, group_id: str, channel_id: str, reply: Reply, *, idem: str) -> Handle:
        """Show a public message in the channel, and the thread opened on it."""
        self.said.posts.append((channel_id, reply))
        await self._show(f"#{channel_id}", reply)
        self._offer(reply, replaces=True)
        return await self._posted(channel_id, reply)

    async def _posted(self, channel_id: str, reply: Reply) -> Handle:
        self.messages += 1
        if reply.thread:
            self.out(_("[thread: {title}] (opened; replies to it show here)", title=reply.thread))
        return Handle(channel_id, str(self.messages), reply.thread)

    async def post_in_thread(
        self, group_id: str, handle: Handle, reply: Reply, *, idem: str
    ) -> Handle:
        """Show a message in the thread on an earlier message (a terminal has no threads)."""
        where = handle.thread_ref or f"reply to message {handle.message_ref}"
        self.said.threads.append((where, reply))
        await self._show(f"thread: {where}", reply)
        self._offer(reply, replaces=False)
        self.messages += 1
        return Handle(handle.channel_id, str(self.messages), handle.thread_ref)

    async def update(
        self, group_id: str, key: str, handle: Handle, reply: Reply, *, idem: str
    ) -> None:
        """A terminal cannot redraw an earlier message (and `live_updates` says so)."""

    async def dm(self, group_id: str, user: User, reply: Reply, *, idem: str) -> None:
        """Show a private message to someone."""
        self.said.dms.append((user.id, reply))
        await self._show(f"DM to {user.name}", reply, reader=user.id)

    async def answer(
        self, group_id: str, to: AnswerTo, reply: Reply, *, idem: str
    ) -> Handle | None:
        """Show an answer owed to someone's command (the shell answers its own at once)."""
        return await self._say(to.user.id, reply)

    async def _say(self, name: str, reply: Reply) -> Handle | None:
        label = f"private to {name}" if reply.private else f"#{CHANNEL}"
        await self._show(label, reply, reader=name if reply.private else None)
        self._offer(reply, replaces=not reply.private)
        if reply.private:
            return None
        return await self._posted(CHANNEL, reply)

    async def save_clock(self) -> None:
        """Keep the shell's time in the file, so the next shell starts no earlier."""
        async with self.bot.db.transaction() as tx:
            await self.times.save_clock(tx, self.clock.now())

    # -- input --------------------------------------------------------------------------

    def invocation(self, name: str) -> Invocation:
        """Who is typing, as the core sees it."""
        return Invocation(GROUP_ID, GROUP_NAME, CHANNEL, User(name, name), self.people[name])

    async def start(self) -> None:
        """Resume the file's clock and its people's roles, start the bot (overdue work)."""
        saved = await self.times.clock()
        if saved is not None and saved > self.clock.now():
            self.clock.advance(saved - self.clock.now())
        await self.save_clock()
        await self.bot.start(self)
        await self.bot.group(GROUP_ID, GROUP_NAME)
        for name in self.people:
            await self.bot.member_seen(GROUP_ID, User(name, name), self.people[name])
        # People from an earlier shell on this file keep their roles: `:as bob` is still
        # the facilitator bob was, not a participant again.
        for name, role in (await self.times.roles(GROUP_ID)).items():
            self.people.setdefault(name, Role(role))

    async def command(self, name: str, text: str) -> Reply:
        """Run a bot command as `name` and show the answer."""
        if name not in self.people:
            self.people[name] = Role.PARTICIPANT
        # The answer shows first, then what the command owes others, then what fell due: the
        # timer and delivery tasks wait meanwhile, so a transcript reads in that order.
        async with self.bot.holding():
            reply = await self.bot.handle_text(text, self.invocation(name))
            self.said.answers.append((name, reply))
            handle = await self._say(name, reply)
            if handle is not None and reply.key:
                await self.bot.posting.answered(GROUP_ID, reply.key, handle)
        await self.bot.pump()
        return reply

    async def language(self) -> str:
        """The language the shell speaks to the person typing: theirs, else the group's."""
        return await self.bot.people.language_of(GROUP_ID, self.current)

    async def line(self, text: str) -> bool:
        """Handle one typed line; False when the person wants to leave."""
        with speaking(await self.language()):
            return await self._line(text)

    async def _line(self, text: str) -> bool:
        text = readable(text)
        if self.asking is not None:
            action, self.asking = self.asking, None
            command = action.with_answer(text)
            self.out(f"> {command}")
            await self.command(self.current, command)
            return True
        text = text.strip()
        if not text or text.startswith("#"):
            return True
        try:
            if text.startswith(":"):
                return await self._meta(text)
        except UserError as e:
            self.out(e.message)
            return True
        n = whole_number(text)
        if n is not None:
            if not self.last_actions:
                self.out(_(NO_BUTTONS))
                return True
            if not 1 <= n <= len(self.last_actions):
                self.out(_("Pick a number from 1 to {last}.", last=len(self.last_actions)))
                return True
            action = self.last_actions[n - 1]
            if action.ask is not None:
                self.asking = action
                note = f" {action.ask.note}" if action.ask.note else ""
                answer = _("Type your answer on the next line.")
                self.out(f"{action.ask.prompt}{note}\n{answer}")
                return True
            text = action.as_text()
            self.out(f"> {text}")
        await self.command(self.current, text)
        return True

    def cancel_asking(self) -> None:
        """Forget a question a pressed button asked (Ctrl-C at its prompt)."""
        if self.asking is not None:
            self.asking = None
            self.out(_("Nothing sent."))

    async def _meta(self, text: str) -> bool:
        word, _space, rest = text.partition(" ")
        args = rest.split()
        if word in (":quit", ":q", ":exit"):
            return False
        if word == ":as":
            if not args or len(args) > 2:
                raise UserError(_(AS_USAGE))
            name = args[0]
            try:
                role = Role.parse(args[1]) if len(args) == 2 else self.people.get(name)
            except ValueError as e:
                raise UserError(f"{e}. {_(AS_USAGE)}") from e
            self.people[name] = role or Role.PARTICIPANT
            self.current = name
            await self.bot.member_seen(GROUP_ID, User(name, name), self.people[name])
            self.out(_("You are now {name} ({role}).", name=name, role=self.people[name].label))
        elif word == ":users":
            for name, role in sorted(self.people.items()):
                mark = " <- you" if name == self.current else ""
                self.out(f"  {name} ({role.label}){mark}")
        elif word == ":wait":
            if not args:
                raise UserError(_("Usage: :wait DURATION, e.g. :wait 2h or :wait 3d"))
            self.clock.advance(parse_duration("".join(args)))
            await self.save_clock()
            self.out(
                _("The clock is now {time} UTC.", time=f"{self.clock.now():%a %d %b %Y %H:%M}")
            )
            await self.bot.pump()
        elif word == ":time":
            self.out(f"{self.clock.now():%a %d %b %Y %H:%M} UTC")
        elif word == ":help":
            self.out(_(SHELL_HELP))
        else:
            raise UserError(_("Unknown shell command {word}. Type :help for the list.", word=word))
        return True

    async def banner(self) -> str:
        """What the shell says first: who you are, your role, the group's zone and the clock."""
        zone = (await self.bot.group(GROUP_ID, GROUP_NAME)).settings.timezone
        with speaking(await self.language()):
            return _(
                "coproduction-bot shell. You are {name} ({role}) in the group {group}.\n"
                "Times are read and shown in the group's time zone, {zone}"
                " (to change it: !settings set timezone ZONE).\n"
                "The clock says {time} UTC."
                " Type !help for bot commands, :help for the shell's.",
                name=self.current,
                role=self.people[self.current].label,
                group=GROUP_NAME,
                zone=zone,
                time=f"{self.clock.now():%a %d %b %Y %H:%M}",
            )

    # -- loops --------------------------------------------------------------------------

    async def run_script(self, stream: TextIO) -> None:
        """Read one command per line (standard input that is not a terminal)."""
        # Read in a thread so timers keep firing while the shell waits for the next line.
        while raw := await asyncio.to_thread(stream.readline):
            if self.asking is not None or (raw.strip() and not raw.startswith("#")):
                self.out(f"{self.current}> {raw.strip()}")
            if not await self.line(raw):
                break

    async def run_interactive(self) -> None:
        """A prompt with history; timers fire while you think."""
        # Only a terminal needs these, and they are slow to import: a piped script skips them.
        from prompt_toolkit import PromptSession  # noqa: PLC0415
        from prompt_toolkit.history import InMemoryHistory  # noqa: PLC0415
        from prompt_toolkit.patch_stdout import patch_stdout  # noqa: PLC0415

        session: PromptSession[str] = PromptSession(history=InMemoryHistory())
        with patch_stdout():
            while True:
                asking = self.asking is not None
                prompt = "answer> " if asking else f"{self.current}> "
                try:
                    text = await session.prompt_async(prompt)
                except KeyboardInterrupt:
                    if not asking:
                        break
                    with speaking(await self.language()):
                        self.cancel_asking()
                    continue
                except EOFError:
                    break
                if not await self.line(text):
                    break

    async def run(self, stream: TextIO | None = None) -> None:
        """Interactive on a terminal, line by line otherwise."""
        stream = stream or sys.stdin
        if isinstance(stream, io.TextIOWrapper):
            # Bytes that are not UTF-8 become U+FFFD instead of ending the shell.
            stream.reconfigure(errors="replace")
        await self.start()
        self.out(await self.banner())
        if stream.isatty():
            await self.run_interactive()
        else:
            await self.run_script(stream)
        await self.save_clock()
        await asyncio.sleep(0)
