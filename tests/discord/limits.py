"""Discord's documented request limits, checked by the fake as Discord checks them (code 50035).

Each checker returns Discord's nested ``errors`` object (empty when the body is valid), keyed
by the JSON path of the bad value, e.g. ``{"content": {"_errors": [...]}}``, so discord.py's
HTTPException text names the field as it would for the real service. Sources: the API docs'
Message, Embed limits, Component reference, Interaction response and Application command
pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

Payload = dict[str, Any]
Errors = dict[str, Any]

CONTENT, EMBEDS, EMBED_TOTAL = 2000, 10, 6000
EMBED = {"title": 256, "description": 4096}
FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER, AUTHOR = 25, 256, 1024, 2048, 256
ROWS, ROW_BUTTONS, LABEL, CUSTOM_ID = 5, 5, 80, 100
OPTIONS, OPTION_TEXT, PLACEHOLDER = 25, 100, 150
MODAL_TITLE, INPUT_LABEL, INPUT_VALUE, MODAL_ITEMS = 45, 45, 4000, 5
CHOICES, CHOICE_TEXT = 25, 100
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
COMMAND_CHARS, COMMAND_OPTIONS, DESCRIPTION = 8000, 25, 100


class _Collector:
    """Collects errors under JSON paths into Discord's nested ``errors`` shape."""

    def __init__(self) -> None:
        self.errors: Errors = {}

    def add(self, path: Sequence[str | int], code: str, message: str) -> None:
        node = self.errors
        for key in path:
            node = node.setdefault(str(key), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_len(self, path: Sequence[str | int], value: Any, limit: int, least: int = 0) -> None:
        if value is None:
            return
        n = len(str(value))
        if n > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")
        elif n < least:
            self.add(path, "BASE_TYPE_MIN_LENGTH", f"Must be {least} or more in length.")

    def max_items(self, path: Sequence[str | int], items: Sequence[Any], limit: int) -> None:
        if len(items) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def message_errors(body: Mapping[str, Any]) -> Errors:
    """Content, embed and component limits of a message create/edit or interaction message."""
    c = _Collector()
    c.max_len(["content"], body.get("content"), CONTENT)
    embeds = body.get("embeds") or []
    c.max_items(["embeds"], embeds, EMBEDS)
    total = 0
    for i, e in enumerate(embeds):
        path: list[str | int] = ["embeds", i]
        for key, limit in EMBED.items():
            c.max_len([*path, key], e.get(key), limit)
            total += len(e.get(key) or "")
        fields = e.get("fields") or []
        c.max_items([*path, "fields"], fields, FIELDS)
        for j, f in enumerate(fields):
            c.max_len([*path, "fields", j, "name"], f.get("name"), FIELD_NAME, 1)
            c.max_len([*path, "fields", j, "value"], f.get("value"), FIELD_VALUE, 1)
            total += len(f.get("name") or "") + len(f.get("value") or "")
        footer, author = e.get("footer") or {}, e.get("author") or {}
        c.max_len([*path, "footer", "text"], footer.get("text"), FOOTER)
        c.max_len([*path, "author", "name"], author.get("name"), AUTHOR)
        total += len(footer.get("text") or "") + len(author.get("name") or "")
    if total > EMBED_TOTAL:
        c.add(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
    _components(c, body.get("components") or [])
    return c.errors


def _components(c: _Collector, rows: Sequence[Mapping[str, Any]]) -> None:
    c.max_items(["components"], rows, ROWS)
    seen: set[str] = set()
    for i, row in enumerate(rows):
        path: list[str | int] = ["components", i]
        if row.get("type") != 1:
            continue  # only action rows are used by this bot; others are not modelled
        items = row.get("components") or []
        selects = [x for x in items if x.get("type") in (3, 5, 6, 7, 8)]
        if selects and len(items) > 1:
            c.add([*path, "components"], "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A select fills a row")
        c.max_items([*path, "components"], items, ROW_BUTTONS)
        for j, item in enumerate(items):
            where = [*path, "components", j]
            custom_id = item.get("custom_id")
            c.max_len([*where, "custom_id"], custom_id, CUSTOM_ID, 1)
            if custom_id in seen:
                c.add([*where, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Duplicated id")
            seen.add(custom_id)
            c.max_len([*where, "label"], item.get("label"), LABEL)
            c.max_len([*where, "placeholder"], item.get("placeholder"), PLACEHOLDER)
            options = item.get("options") or []
            c.max_items([*where, "options"], options, OPTIONS)
            for k, option in enumerate(options):
                for key in ("label", "value", "description"):
                    c.max_len([*where, "options", k, key], option.get(key), OPTION_TEXT)


def modal_errors(data: Mapping[str, Any]) -> Errors:
    """A modal (callback type 9): title 1 to 45, 1 to 5 items, labels 45, text 4,000.

    A text input's min_length is 0 to 4,000 and its max_length 1 to 4,000.
    """
    c = _Collector()
    c.max_len(["title"], data.get("title"), MODAL_TITLE, 1)
    c.max_len(["custom_id"], data.get("custom_id"), CUSTOM_ID, 1)
    items = data.get("components") or []
    c.max_items(["components"], items, MODAL_ITEMS)
    if not items:
        c.add(["components"], "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.")
    for i, item in enumerate(items):
        path: list[str | int] = ["components", i]
        if item.get("type") == 18:  # a Label wrapping one input
            c.max_len([*path, "label"], item.get("label"), INPUT_LABEL, 1)
            c.max_len([*path, "description"], item.get("description"), DESCRIPTION)
            inputs = [item.get("component") or {}]
        elif item.get("type") == 10:  # a Text Display
            c.max_len([*path, "content"], item.get("content"), INPUT_VALUE)
            inputs = []
        else:
            inputs = item.get("components") or []
        for j, x in enumerate(inputs):
            where = [*path, "component", j]
            c.max_len([*where, "custom_id"], x.get("custom_id"), CUSTOM_ID, 1)
            c.max_len([*where, "label"], x.get("label"), INPUT_LABEL)
            c.max_len([*where, "value"], x.get("value"), INPUT_VALUE)
            c.max_len([*where, "placeholder"], x.get("placeholder"), OPTION_TEXT)
            for key, least in (("min_length", 0), ("max_length", 1)):
                value = x.get(key)
                if value is not None and not least <= value <= INPUT_VALUE:
                    c.add([*where, key], "NUMBER_TYPE_MAX", f"Must be {least} to {INPUT_VALUE}.")
    return c.errors


def autocomplete_errors(data: Mapping[str, Any]) -> Errors:
    """An autocomplete result (callback type 8): at most 25 choices, names 1 to 100."""
    c = _Collector()
    choices = data.get("choices") or []
    c.max_items(["choices"], choices, CHOICES)
    for i, choice in enumerate(choices):
        c.max_len(["choices", i, "name"], choice.get("name"), CHOICE_TEXT, 1)
        if isinstance(choice.get("value"), str):
            c.max_len(["choices", i, "value"], choice["value"], CHOICE_TEXT)
    return c.errors


def command_errors(commands: Sequence[Mapping[str, Any]]) -> Errors:
    """Bulk command registration: names, descriptions, option order and counts, choices, size."""
    c = _Collector()
    names = [(cmd.get("type", 1), cmd.get("name")) for cmd in commands]
    for i, cmd in enumerate(commands):
        if names.count((cmd.get("type", 1), cmd.get("name"))) > 1:
            c.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name")
        size = _command(c, [i], cmd, cmd.get("type", 1) == 1)
        if size > COMMAND_CHARS:
            c.add([i], "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)")
    return c.errors


def _command(c: _Collector, path: list[str | int], cmd: Mapping[str, Any], described: bool) -> int:
    """Check one command or option; return its characters towards the 8,000 limit."""
    name, description = str(cmd.get("name", "")), str(cmd.get("description", ""))
    if not COMMAND_NAME.fullmatch(name) or name != name.lower():
        c.add([*path, "name"], "APPLICATION_COMMAND_INVALID_NAME", f"Invalid name {name!r}")
    if described:  # chat-input commands and every option; user/message commands have none
        c.max_len([*path, "description"], description, DESCRIPTION, 1)
    size = len(name) + len(description)
    options = cmd.get("options") or []
    c.max_items([*path, "options"], options, COMMAND_OPTIONS)
    optional = False
    for j, option in enumerate(options):
        where = [*path, "options", j]
        if option.get("type") not in (1, 2):
            if option.get("required") and optional:
                c.add(
                    [*where, "required"],
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
            optional = optional or not option.get("required")
        choices = option.get("choices") or []
        c.max_items([*where, "choices"], choices, CHOICES)
        for k, choice in enumerate(choices):
            c.max_len([*where, "choices", k, "name"], choice.get("name"), CHOICE_TEXT, 1)
            size += len(str(choice.get("name", ""))) + len(str(choice.get("value", "")))
        size += _command(c, where, option, True)
    return size


def thread_errors(body: Mapping[str, Any]) -> Errors:
    """A thread's name: 1 to 100 characters."""
    c = _Collector()
    c.max_len(["name"], body.get("name"), 100, 1)
    return c.errors
