"""The extraction package's module graph: layered, with no import cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "briefing" / "extract"


def _imports() -> dict[str, set[str]]:
    """Map each module of briefing.extract to the sibling modules it imports, wherever it does.

    Imports under TYPE_CHECKING and inside functions count too: they still tie the modules.
    """
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    graph: dict[str, set[str]] = {}
    for name in modules:
        deps: set[str] = set()
        for node in ast.walk(ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    deps.add(node.module.split(".")[0])
                else:
                    deps.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "briefing.extract."
            ):
                deps.add((node.module or "").split(".")[2])
        graph[name] = (deps & modules) - {name}
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    return seen


def test_no_module_of_the_package_imports_itself_back() -> None:
    graph = _imports()
    cycles = sorted(name for name in graph if name in _reachable(graph, name))
    assert cycles == []


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("stakes", "quotes"),  # both use speakers.Resolver; stakes reads quotes as models only
        ("speakers", "quotes"),
        ("people", "entities"),  # roles read the merged entries, not the merging
        ("entries", "people"),
        ("lexicon", "document"),  # language data depends on nothing
    ],
)
def test_lower_modules_do_not_reach_higher_ones(module: str, forbidden: str) -> None:
    assert forbidden not in _reachable(_imports(), module)
