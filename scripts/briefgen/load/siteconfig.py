"""The brief's site configuration (`mkdocs.yml`), read as MkDocs reads it, for every engine.

briefgen renders every page itself with the Markdown extensions the configuration names, and
gives each engine a configuration of its own made from it (engine/siteconfig.py). So the file is
read here once, the way MkDocs reads it: `INHERIT` chains merged (mappings merged key by key,
lists replaced, as mergedeep does), `!ENV` resolved. Tags that make Python objects
(`!!python/object/apply:pymdownx.slugs.slugify`) and `!relative` are kept as `Tagged` values, so
the configuration can be written out again as it was written (`dump`) and its Markdown
extensions made with the same objects MkDocs would make (`markdown_extensions`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

INHERIT = "INHERIT"


@dataclass(frozen=True)
class Tagged:
    """A YAML value with a tag that makes a Python object, kept as written."""

    tag: str
    value: Any
    """The node's plain value: a string, a list or a mapping."""


class _Reader(yaml.SafeLoader):
    """Safe loading, but tags of other kinds are kept (`Tagged`) instead of refused."""


def _env(loader: _Reader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
        names, default = [str(i) for i in items[:-1]], items[-1] if items else None
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _keep(loader: _Reader, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    if isinstance(node, yaml.MappingNode):
        return Tagged(tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    return Tagged(tag, loader.construct_scalar(node))  # type: ignore[arg-type]


_Reader.add_constructor("!ENV", _env)
_Reader.add_multi_constructor("tag:yaml.org,2002:python/", _keep)
_Reader.add_multi_constructor("!", _keep)


class _Writer(yaml.SafeDumper):
    """Writes `Tagged` values back with their tags."""


def _represent(dumper: _Writer, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Writer.add_representer(Tagged, _represent)


def dump(value: Any) -> str:
    """YAML text of `value`, tags as they were written (block style, keys in their order)."""
    return yaml.dump(value, Dumper=_Writer, allow_unicode=True, sort_keys=False, default_flow_style=False)


def construct(value: Any) -> Any:
    """`value` with its tagged parts made into the Python objects MkDocs makes of them."""
    if not _has_tags(value):
        return value
    return yaml.load(dump(value), Loader=yaml.UnsafeLoader)


def _has_tags(value: Any) -> bool:
    if isinstance(value, Tagged):
        return True
    if isinstance(value, dict):
        return any(_has_tags(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_tags(v) for v in value)
    return False


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT: mappings merged key by key, everything else (lists too) replaced."""
    out = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def read_config(path: Path, _seen: frozenset[Path] = frozenset()) -> dict[str, Any]:
    """The configuration in `path`, its INHERIT chain merged; raises ValueError when it cannot
    be read (the message says which file and why)."""
    real = path.resolve()
    if real in _seen:
        raise ValueError(f"{path}: INHERIT makes a loop")
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_Reader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot be read as YAML ({exc})") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise ValueError(f"{path}: is not a mapping of settings")
    parent_name = loaded.pop(INHERIT, None)
    if parent_name is None:
        return loaded
    parent = (path.parent / str(parent_name)).resolve()
    if not parent.is_file():
        raise ValueError(f"{path}: INHERIT names {parent_name!r}, which does not exist")
    return _merge(read_config(parent, _seen | {real}), loaded)


def extension_entries(config: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """`markdown_extensions` as (name, options) pairs, in order, as written (tags kept)."""
    out: list[tuple[str, dict[str, Any]]] = []
    value = config.get("markdown_extensions") or []
    items = list(value.items()) if isinstance(value, dict) else value
    for item in items:
        if isinstance(item, tuple):
            name, options = item
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
        else:
            name, options = item, None
        out.append((str(name), dict(options or {})))
    return out


def markdown_digest(config: dict[str, Any]) -> str:
    """A hash of the Markdown settings (which extensions, with which options, as written)."""
    return hashlib.sha256(dump(extension_entries(config)).encode("utf-8")).hexdigest()
