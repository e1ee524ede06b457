"""A schema's validation errors as located problems: pydantic's error types in the brief's words."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import (
    BaseModel,
    ValidationError,
)

from briefgen.base.errors import Problem, did_you_mean
from briefgen.load.yamldoc import LoadedYaml, PathKey, format_path
from briefgen.model.common import Strict


def validate_file(doc: LoadedYaml, model: type[Strict]) -> tuple[Strict | None, list[Problem]]:
    """Validate a loaded document against its model; every error is located."""
    if not isinstance(doc.data, dict):
        return None, [
            Problem(
                doc.file,
                1,
                "(top level)",
                f"expected a mapping of fields, got {_kind(doc.data)}"
                f" (see scripts/briefgen/model/ for the {model.__name__} fields)",
            )
        ]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
    # A misspelt required field is one mistake: "unknown field 'dte' (did you mean 'date'?)" says
    # it all, so the "required field 'date' is missing" it causes is left out.
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            allowed = _allowed_fields(model, loc[:-1], doc.data)
            close = difflib.get_close_matches(str(loc[-1]), sorted(allowed), n=1, cutoff=0.6)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    return None, [
        _problem(doc, err, model) for err in errors if not (err["type"] == "missing" and tuple(err["loc"]) in misspelt)
    ]


_EXPECTED = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "bool_type": "expected true or false",
    "list_type": "expected a list",
    "model_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
}
"""The message of a value of the wrong type, by pydantic's error type (what was given follows)."""


def _problem(doc: LoadedYaml, err: Any, model: type[Strict]) -> Problem:
    loc: PathKey = tuple(err["loc"])
    kind = err["type"]
    where = format_path(loc)
    line = doc.line(loc)
    if kind == "extra_forbidden":
        field_name = str(loc[-1])
        allowed = _allowed_fields(model, loc[:-1], doc.data)
        hint = did_you_mean(field_name, allowed) or f"allowed: {', '.join(sorted(allowed))}"
        return Problem(doc.file, line, where, f"unknown field '{field_name}' ({hint})")
    if kind == "missing":
        return Problem(doc.file, doc.line(loc[:-1]), where, f"required field '{loc[-1]}' is missing (add it)")
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
        got = _kind(_value_at(doc.data, loc))
        wanted = expected.removeprefix("expected ")
        fix = "quote it" if wanted == "text" and got in ("a number", "true/false") else f"write {wanted}"
        return Problem(doc.file, line, where, f"{expected}, got {got} ({fix})")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        got = _value_at(doc.data, loc)
        return Problem(doc.file, line, where, f"'{got}' is not allowed (use one of: {expected})")
    if kind in ("too_short",):
        return Problem(doc.file, line, where, "must not be empty (add at least one item)")
    if kind in ("greater_than_equal",):
        return Problem(doc.file, line, where, f"must be at least {err['ctx']['ge']}")
    msg = str(err["msg"])
    if "(" not in msg:
        msg = f"{msg} (fix the value)"
    return Problem(doc.file, line, where, msg)


def _value_at(data: Any, loc: PathKey) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _allowed_fields(model: type[Strict], loc: PathKey, data: Any) -> set[str]:
    """The field names allowed at `loc`, found by walking the model along the path."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return set(fields)
        current = _model_in(fields[part].annotation, _value_at(data, loc[: loc.index(part) + 1]))
    return set(getattr(current, "model_fields", {}))


def _model_in(annotation: Any, value: Any) -> Any:
    """The model class inside `list[X]`, `X | None` or a union, matched against `value`."""
    args = getattr(annotation, "__args__", None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if not args:
        return annotation
    candidates = [_model_in(a, value) for a in args if a is not type(None)]
    models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
    if isinstance(value, dict):
        for m in models:
            if set(value) & set(m.model_fields):
                return m
    return models[0] if models else annotation
