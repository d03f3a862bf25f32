"""The shape of the code: no import circles, no import from a lower layer up, no module too long."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eventwire"
MAX_LINES = 600
# Lower layers first; a module may import its own layer and those below it, never one above.
LAYERS = (
    {"models", "schema", "errors", "vocab", "records", "confidence"},
    {"ingest", "nlp", "dates", "actors"},
    {"geo"},
    {"coding", "resources"},
    {"store"},
    {"pipeline", "pool", "dedupe", "export", "evaluate", "analysis", "distributed", "corpus"},
    {"api", "web"},
    {"cli"},
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[tuple[str, str]]:
    """(module, name) for each eventwire import of a file, anywhere in it (lazy imports in functions count)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.update((target, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names)
    return {(module, name) for module, name in found if module.startswith("eventwire")}


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules it imports; `from . import queries` imports the submodule, not its package."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in files.items():
        targets = {f"{module}.{alias}" if f"{module}.{alias}" in files else module for module, alias in imported(path)}
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for number, names in enumerate(LAYERS):
        if top in names:
            return number
    return -1  # the package itself (eventwire/__init__.py: the version)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_top_level_module_has_a_layer():
    tops = {module_name(p).split(".")[1] for p in PACKAGE.rglob("*.py") if module_name(p) != "eventwire"}
    assert tops - set().union(*LAYERS) == set()


def test_no_import_circles():
    assert cycles(import_graph()) == []


def test_no_import_runs_back_up():
    upward = sorted((m, t) for m, targets in import_graph().items() for t in targets if layer(t) > layer(m))
    assert upward == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES
