"""The chat side of notes: the smallest feature, built only from the core's services."""

from __future__ import annotations

from typing import Annotated, Any

import aiosqlite

from bot.core.cog import Cog
from bot.core.commands import Arg, command
from bot.core.context import Context
from bot.core.errors import UserError
from bot.core.model import Action, Reply
from bot.core.registry import Forgotten
from bot.core.services import Services
from bot.core.settings import switch
from storage.notes import Note, NoteRepository

NOTES_ENABLED = switch("notes_enabled", True, "let members post notes with `!note add`")


def key(note_id: int) -> str:
    """A note's living message."""
    return f"note:{note_id}"


def shown(note: Note) -> Reply:
    """A note as the group sees it."""
    return Reply(
        note.text,
        title=f"Note {note.id}" + (" (pinned)" if note.pinned else ""),
        key=key(note.id),
        actions=() if note.pinned else (Action("Pin", "note pin", (str(note.id),)),),
    )


class Notes(Cog):
    """Short notes, each with a thread."""

    feature = "notes"
    settings = (NOTES_ENABLED,)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.notes = NoteRepository(services.db.reader)

    async def _note(self, ctx: Context, note_id: int) -> Note:
        note = await self.notes.get(ctx.group.id, note_id)
        if note is None:
            raise UserError(f"There is no note {note_id} here. Add one with `!note add TEXT`.")
        return note

    @command("note add")
    async def add(self, ctx: Context, text: Annotated[str, Arg("the note")]) -> Reply:
        """Post a note with its own thread."""
        if not ctx.settings[NOTES_ENABLED]:
            raise UserError("Notes are off in this group; an organiser can turn them on.")
        if not text.strip():
            raise UserError('Write the note, e.g. `!note add "Bring the survey forms"`.')
        async with self.services.db.transaction() as tx:
            note_id = await self.notes.add(tx, ctx.group.id, ctx.user.id, text.strip(), ctx.now())
        note = await self._note(ctx, note_id)
        await ctx.post(
            Reply(
                shown(note).body,
                title=f"Note {note_id}",
                key=key(note_id),
                actions=shown(note).actions,
                thread=f"Note {note_id}",
            )
        )
        return Reply(f"Note {note_id} is posted.", private=True)

    @command("note reply")
    async def reply(
        self,
        ctx: Context,
        id: Annotated[int, Arg("the note's number")],
        text: Annotated[str, Arg("what you say")],
    ) -> Reply:
        """Say something in a note's thread."""
        note = await self._note(ctx, id)
        await self.services.posting.in_thread(
            ctx.group.id, key(note.id), Reply(f"{ctx.user.name}: {text.strip()}")
        )
        return Reply(f"Posted in note {id}'s thread.", private=True)

    @command("note pin")
    async def pin(self, ctx: Context, id: Annotated[int, Arg("the note's number")]) -> Reply:
        """Pin a note."""
        note = await self._note(ctx, id)
        async with self.services.db.transaction() as tx:
            await self.notes.pin(tx, note.id)
        await self.services.posting.update(ctx.group.id, key(id), shown(await self._note(ctx, id)))
        return Reply(f"Note {id} is pinned.", private=True)

    async def export_person(self, group_id: str, user_id: str) -> dict[str, Any] | None:
        """Someone's notes."""
        notes = await self.notes.by_author(group_id, user_id)
        return {"notes": [{"note": n.id, "text": n.text} for n in notes]} if notes else None

    async def forget_person(
        self, tx: aiosqlite.Connection, group_id: str, user_id: str
    ) -> Forgotten | None:
        """Notes stay for the group, without the author's name."""
        count = await self.notes.unname(tx, group_id, user_id)
        return Forgotten("notes", kept=(f"{count} note(s) you wrote, without your name",))
