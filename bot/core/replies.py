"""A Reply as JSON and back, so a message owed to people survives a restart."""

from __future__ import annotations

import base64
import dataclasses
import functools
import json
import types
import typing
from typing import Any, get_args, get_origin

from bot.core.model import Reply


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A dataclass's resolved field types (resolving them is slow, and they never change)."""
    return typing.get_type_hints(cls)


def _build(hint: Any, value: Any) -> Any:
    """Rebuild a value of the annotated type (dataclasses, tuples, optionals, bytes)."""
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        inner = [a for a in get_args(hint) if a is not type(None)]
        return _build(inner[0], value)
    if origin is tuple:
        item = get_args(hint)[0]
        return tuple(_build(item, v) for v in value)
    if hint is bytes:
        return base64.b64decode(value["base64"])
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = _hints(hint)
        return hint(**{k: _build(hints[k], v) for k, v in value.items() if k in hints})
    return value


def reply_to_json(reply: Reply) -> str:
    """The reply as JSON text."""
    return json.dumps(_plain(reply), ensure_ascii=False, separators=(",", ":"))


def reply_from_json(text: str) -> Reply:
    """A reply stored by reply_to_json."""
    rebuilt = _build(Reply, json.loads(text))
    assert isinstance(rebuilt, Reply)
    return rebuilt
