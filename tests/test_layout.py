"""The code's shape, as docs/code-map.md describes it: packages that follow the
data, imports that run one way (down the flow, never back), no import cycle,
and short functions."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from search.indexing.digests import extraction_digest, folder_digest

from conftest import ROOT

#: The stages of ``search/``, in the order data flows through them; a
#: package may import from itself and from the packages before it.
STAGES = ("ingest", "analysis", "indexing", "retrieval")
#: The most lines a function in search/ or web/ may have.
MAX_FUNCTION_LINES = 60


def _modules(folder: str) -> dict[str, Path]:
    """Dotted module name -> file, for every module under ``folder``."""
    found = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The project modules ``path`` imports (at module level only, or anywhere)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.split(".")[0] in ("search", "web")}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "search" and parts[1] in STAGES else None


def test_each_stage_imports_only_itself_and_earlier_stages():
    wrong = []
    for module, path in _modules("search").items():
        stage = _stage(module)
        if stage is None:
            continue
        allowed = set(STAGES[: STAGES.index(stage) + 1])
        for imported in _imports(path, top_level_only=False):
            target = _stage(imported)
            if imported.startswith("web") or (target is not None and target not in allowed):
                wrong.append(f"{module} imports {imported}")
    assert wrong == []


def test_nothing_in_search_imports_web_but_the_commands_that_start_it():
    """Only two commands of the CLI reach the web layer, from inside the function
    that needs it: ``serve`` and ``query --json`` (the API's JSON shape)."""
    reaching = {}
    for module, path in _modules("search").items():
        assert not any(name.startswith("web") for name in _imports(path, top_level_only=True)), module
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("web"):
                    reaching[f"{module}.{function.name}"] = node.module
    assert reaching == {"search.cli._run_serve": "web.server", "search.cli._run_query": "web.serialize"}
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, search.cli; import search.retrieval.service, search.indexing.pipeline; "
                               "print(sorted(m for m in sys.modules if m == 'web' or m.startswith('web.')))"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert loaded.stdout.strip() == "[]"


def test_module_level_imports_have_no_cycle():
    graph = {}
    modules = {**_modules("search"), **_modules("web")}
    for module, path in modules.items():
        graph[module] = {name for name in _imports(path, top_level_only=True) if name in modules and name != module}
        graph[module] -= {m for m in graph[module] if module.startswith(m + ".")}  # a package's own __init__

    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                pytest.fail("import cycle: " + " -> ".join([*trail, module, target]))
            if target not in state:
                visit(target, [*trail, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_no_function_is_longer_than_sixty_lines():
    long = []
    for module, path in {**_modules("search"), **_modules("web")}.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{module}.{node.name}: {lines} lines")
    assert long == []


def test_the_extraction_digest_covers_every_file_of_the_ingest_package(tmp_path):
    """Re-indexing notices any change to extraction: the digest is made from
    every file of search/ingest (code and data) found on disk, not from a list kept by hand."""
    copy = tmp_path / "ingest"
    shutil.copytree(ROOT / "search" / "ingest", copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert folder_digest(copy) == extraction_digest()
    persons = copy / "data" / "persons.tsv"
    persons.write_text(persons.read_text(encoding="utf-8") + "Nama Baru\n", encoding="utf-8")
    changed_data = folder_digest(copy)
    (copy / "sources.py").write_text('"""A new extraction module."""\n', encoding="utf-8")
    assert len({extraction_digest(), changed_data, folder_digest(copy)}) == 3
