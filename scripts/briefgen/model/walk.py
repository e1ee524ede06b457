"""Walks along the schema: every priority of a hierarchy, every text value of raw data."""

from __future__ import annotations

from collections.abc import Iterator
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import (
    BaseModel,
)

from briefgen.load.yamldoc import PathKey
from briefgen.model.fields import _check_text
from briefgen.model.priorities import Priority


def walk_priorities(priorities: list[Priority], path: PathKey) -> list[tuple[Priority, PathKey]]:
    """Every priority and sub-item, depth first, with its YAML path."""
    out: list[tuple[Priority, PathKey]] = []
    for i, priority in enumerate(priorities):
        here = (*path, i)
        out.append((priority, here))
        out.extend(walk_priorities(priority.items, (*here, "items")))
    return out


def text_values(model: type[BaseModel], data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every value of a restricted-Markdown `Text` field in raw `data`, found by walking the
    model along it (for checking the text of a file that did not pass its schema)."""
    if not isinstance(data, dict):
        return
    for name, value in data.items():
        info = model.model_fields.get(name)
        if info is not None:
            yield from _text_in(info.annotation, info.metadata, value, (*path, name))


def _text_in(annotation: Any, metadata: list[Any], value: Any, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if any(getattr(m, "func", None) is _check_text for m in metadata):
        if isinstance(value, str):
            yield path, value
        return
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        yield from _text_in(args[0], list(args[1:]), value, path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from text_values(annotation, value, path)
    elif origin is list and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _text_in(args[0], [], item, (*path, i))
    elif origin in (Union, UnionType):
        for arg in args:
            if arg is not type(None):
                yield from _text_in(arg, [], value, path)
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    return  # one model of a union is enough (the same fields)
