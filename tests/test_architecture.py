"""The package's floor plan, checked: stages import only downward, with no cycle even through
imports inside functions; one module spells routes; every message of the bad-input corpus is
found by grepping its words in one module; deferred imports say why; schema fields say what
they are."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.model import schema

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "briefgen"
LAYERS = ["base", "load", "model", "cite", "index", "check", "render", "publish", "engine", "pipeline", "cli"]
"""Bottom to top, as in pyproject.toml's import contract (a module imports only from its own
stage or a lower one)."""
ENTRY_POINTS = {"briefgen.citations", "briefgen.mkdocs_glue", "briefgen.pagebody", "briefgen.__main__", "briefgen"}
"""Modules briefs and Python name from outside; they may import anything, nothing imports them."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "scaffold":
            continue  # a brief's files, not the package's
        parts = rel.with_suffix("").parts
        name = ".".join(("briefgen", *parts[:-1])) if parts[-1] == "__init__" else ".".join(("briefgen", *parts))
        out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every package module `name` imports (at the top, inside functions, under TYPE_CHECKING)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], base]).strip(".")
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for imported in targets:
            target = imported
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target, node.lineno


GRAPH = {name: sorted(set(_imports(name, path))) for name, path in MODULES.items()}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else None


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target, _ in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_even_through_imports_inside_functions() -> None:
    assert _cycles() == []


def test_no_stage_imports_a_higher_one() -> None:
    upward = []
    for module, imports in GRAPH.items():
        stage = _stage(module)
        for target, line in imports:
            target_stage = _stage(target)
            if target in ENTRY_POINTS - {"briefgen"} and module not in ENTRY_POINTS:
                upward.append(f"{module}:{line} imports the entry point {target}")
            elif stage and target_stage and LAYERS.index(target_stage) > LAYERS.index(stage):
                upward.append(f"{module}:{line} ({stage}) imports {target} ({target_stage})")
    assert upward == []


def test_every_module_is_in_a_stage_or_an_entry_point() -> None:
    assert [m for m in MODULES if _stage(m) is None and m not in ENTRY_POINTS and m.count(".") > 1] == []
    top = sorted(m for m, path in MODULES.items() if path.parent == PACKAGE and path.name != "__init__.py")
    assert top == sorted(ENTRY_POINTS - {"briefgen"})


def test_the_import_contract_is_kept() -> None:
    """import-linter's own report (pyproject.toml, [tool.importlinter]), as `make test` runs it."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout


ENGINE_ADAPTERS = ("briefgen.engine.hooks", "briefgen.engine.run", "briefgen.engine.serve")
"""The modules an engine runs (its events, its build, its serve): configuration and finishing only."""
CONTENT_EVENTS = {"on_page_markdown", "on_page_content", "on_page_context", "on_page_read_source", "on_pre_page"}
"""MkDocs events that see or change a page's source or body: pages are complete before any engine runs."""


def test_the_engine_adapter_renders_no_page() -> None:
    """The engine places what render/ made: its adapters import nothing from render/, the
    page-placing extension only the page file's format, and no engine module handles an event
    that sees a page's Markdown or body."""
    for name in ENGINE_ADAPTERS:
        assert [t for t, _ in GRAPH[name] if t.startswith("briefgen.render")] == [], name
    assert [t for t, _ in GRAPH["briefgen.engine.pagebody"] if t.startswith("briefgen.render")] == [
        "briefgen.render.pagefile"
    ]
    for name, path in MODULES.items():
        if not name.startswith("briefgen.engine"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
        assert defined & CONTENT_EVENTS == set(), name
    from briefgen.engine import hooks

    assert sorted(hooks.__all__) == ["on_config", "on_post_build", "on_post_page", "on_serve"]


def test_deferred_imports_say_what_they_defer() -> None:
    """PLC0415 is allowed only per file (cli: start-up) or with a comment naming the start-up
    cost or the optional or platform-specific dependency it defers."""
    bare = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in MODULES.values()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "noqa: PLC0415" in line and not re.search(r"noqa: PLC0415 - \w+", line)
    ]
    assert bare == []


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_modules_are_small() -> None:
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: size for name, size in sizes.items() if size > MAX_MODULE_LINES} == {}


def test_a_long_function_says_why() -> None:
    """A function over MAX_FUNCTION_LINES lines carries its reason in a comment where its
    signature ends (`# long: …`, or the `# noqa: C901 - …` of a complex one)."""
    unexplained = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef) and node.end_lineno and node.end_lineno - node.lineno >= MAX_FUNCTION_LINES:
                signature = lines[node.lineno - 1 : node.body[0].lineno - 1]
                if not any(re.search(r"# (long|noqa: C901) ?[:-] \w", line) for line in signature):
                    unexplained.append(f"{name}.{node.name}")
    assert unexplained == []


# --- routes ------------------------------------------------------------------------------------

ROUTES = PACKAGE / "base" / "routes.py"
_PATH_LIKE = re.compile(r"\.(md|html)\b|(^|/)brief/")
"""A page's source path or URL (`.md`, `.html`), or a path in the generated folder (`brief/…`)."""


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }


def _spelled_routes(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    for node in ast.walk(tree):  # another site's URL (https://…) is not one of ours
        first = node.values[0] if isinstance(node, ast.JoinedStr) and node.values else None
        if isinstance(first, ast.Constant) and str(first.value).startswith("https://"):
            docs.update(id(part) for part in node.values)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            text = node.value
            # A path has no white space; messages and HTML (which name pages in words) do.
            if not re.search(r"\s", text) and _PATH_LIKE.search(text) and not text.startswith("https://"):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {text!r}")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and side.value == "brief":
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: path / 'brief'")
        if isinstance(node, ast.Name) and node.id == "GENERATED":
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: GENERATED")
    return found


def test_only_routes_spells_the_generated_folder_and_page_paths() -> None:
    """`git grep` for `brief/`, a page path formula (`….md`, `….html`) or GENERATED finds them
    only in base/routes.py; every other module asks it."""
    spelled = [hit for path in MODULES.values() if path != ROUTES for hit in _spelled_routes(path)]
    assert spelled == []
    assert _spelled_routes(ROUTES), "the test must see routes.py's own paths"


def test_no_index_lookup_asserts_its_result() -> None:
    """XrefIndex.require() replaces `get()` followed by `assert target is not None`."""
    looked_up = re.compile(r"(\w+) = [\w.]*xref\.get\([^\n]*\n\s*assert \1 is not None")
    asserted = [
        str(path.relative_to(PACKAGE)) for path in MODULES.values() if looked_up.search(path.read_text("utf-8"))
    ]
    assert asserted == []


# --- messages ----------------------------------------------------------------------------------

CASES = Path(__file__).parent / "badinput" / "cases.yml"
_LOCATED = re.compile(r"^[^:]+:\d+(?::\d+)?: (?P<path>.*?): (?:warning: )?(?P<message>.*)$")
WINDOW = 2
"""Words in a row that start a grep: few enough to fall between the values a message quotes."""


def _messages() -> list[str]:
    corpus: dict[str, Any] = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    out: list[str] = []
    for case in corpus["check"]:
        for line in [*case.get("errors", []), *case.get("warnings", [])]:
            found = _LOCATED.match(line)
            if found and found.group("message") not in out:
                out.append(found.group("message"))
    return out


def _code(path: Path) -> str:
    """A module's source without its docstrings (which may quote a message as an example)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for number in range(node.lineno - 1, node.end_lineno or node.lineno):
                lines[number] = ""
    return "\n".join(lines)


SOURCES = {name: _code(path) for name, path in MODULES.items()}


def _holders(run: str, among: list[str] | None = None) -> list[str]:
    return [name for name in among or SOURCES if run in SOURCES[name]]


def _runs(words: list[str], start: int) -> list[str]:
    """The run of WINDOW words at `start`, as written and without trailing punctuation."""
    run = " ".join(words[start : start + WINDOW])
    return list(dict.fromkeys([run, run.rstrip(",.;:")]))


def _stem(message: str) -> tuple[str, list[str]] | None:
    """What a newcomer greps: the first WINDOW words of `message` in a row that are written in the
    package's code; while more than one module holds them, the hits are grepped again for the
    opening quote of the value that follows, then for the message's later words."""
    words = message.split()
    for start in range(len(words) - WINDOW + 1):
        for run in _runs(words, start):
            holders = _holders(run)
            if holders:
                break
        if not holders:
            continue
        after = start + WINDOW
        while len(holders) > 1 and after < len(words):  # the next word, while it is literal too
            narrower = _holders(f"{run} {words[after]}".rstrip(",.;:"), holders)
            if not narrower:
                break
            run, holders, after = f"{run} {words[after]}".rstrip(",.;:"), narrower, after + 1
        if len(holders) > 1 and after < len(words):
            opening = words[after][: len(words[after]) - len(words[after].lstrip("'\"([{«"))]
            narrower = _holders(f"{run} {opening}", holders) if opening else []
            if narrower:
                run, holders = f"{run} {opening}", narrower
        for later in range(after, len(words) - WINDOW + 1):
            if len(holders) == 1:
                break
            for more in _runs(words, later):
                narrower = _holders(more, holders)
                if narrower and len(narrower) < len(holders):
                    run, holders = f"{run} … {more}", narrower
                    break
        return run, holders
    return None


EXCEPTIONS = {
    r"^no \w+ with id '": (
        "briefgen.check.refs",
        "with id '",
        "one template for every kind of id (`no {kind} with id`): grep its literal middle",
    ),
    r"^\w+ contains the control character": (
        "briefgen.check.biblint",
        "contains the control character U+",
        "a .bib field's rule; a YAML value's has the same words in load/yamldoc.py (the path says which file)",
    ),
}
"""Messages whose opening words are shared on purpose: the module that holds the rule, the words
that find it there, and why."""


@pytest.mark.parametrize("message", _messages())
def test_a_message_leads_to_the_one_module_that_holds_its_rule(message: str) -> None:
    """A newcomer greps the first literal words of an error message and lands in one module."""
    for pattern, (module, words, _why) in EXCEPTIONS.items():
        if re.search(pattern, message):
            assert words in SOURCES[module]
            return
    stem = _stem(message)
    assert stem is not None, f"no {WINDOW} words in a row of this message are written in the package's code"
    run, holders = stem
    assert len(holders) == 1, f"{run!r} is in {holders}"


def test_the_corpus_has_the_messages_this_test_reads() -> None:
    assert len(_messages()) > 50


# --- the schema --------------------------------------------------------------------------------


def _models() -> list[type[Any]]:
    return list(schema.MODELS)


def test_every_model_is_listed() -> None:
    defined = {
        value
        for path in (PACKAGE / "model").glob("*.py")
        for value in vars(__import__(f"briefgen.model.{path.stem}", fromlist=["x"])).values()
        if isinstance(value, type) and issubclass(value, schema.Strict) and value is not schema.Strict
    }
    assert defined == set(schema.MODELS)


def test_every_schema_field_has_a_docstring() -> None:
    """The README sends authors to model/schema.py: every field says what it holds."""
    missing = [
        f"{model.__name__}.{name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    ]
    assert missing == []


# --- the README --------------------------------------------------------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"


def _layout_blocks() -> dict[str, str]:
    """The README's layout, stage folder -> what it lists for that folder."""
    text = README.read_text(encoding="utf-8")
    layout = text[text.index("## Layout") :]
    layout = layout[: layout.index("```", layout.index("```") + 3)]
    blocks: dict[str, str] = {}
    current = ""
    for line in layout.splitlines():
        found = re.match(r"^  ([a-z]+(?:/[a-z]+)?)/\s+(.*)$", line)
        if found and found.group(1) in {*LAYERS, "publish/pdf"}:
            current = found.group(1)
            blocks[current] = found.group(2)
        elif current and line.startswith("              "):
            blocks[current] += " " + line.strip()
        else:
            current = ""
    return blocks


def test_the_readme_layout_names_every_module_under_its_stage() -> None:
    blocks = _layout_blocks()
    assert set(blocks) >= set(LAYERS)
    missing = []
    for stage in LAYERS:
        for path in sorted((PACKAGE / stage).glob("*.py")):
            if path.stem != "__init__" and not re.search(rf"\b{path.stem}\b", blocks[stage]):
                missing.append(f"{stage}/{path.name}")
        for folder in sorted(p for p in (PACKAGE / stage).iterdir() if (p / "__init__.py").exists()):
            if f"{folder.name}/" not in blocks[stage]:
                missing.append(f"{stage}/{folder.name}/")
    assert missing == []
