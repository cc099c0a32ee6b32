"""The package's shape: no import cycle inside `chatbot` (function-level imports count too), and every
module opens with a docstring and stays within 50–250 lines."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "chatbot"

SMALL = {"chatbot.__main__", "chatbot.errors", "chatbot.serve.memory", "chatbot.serve"}  # short by nature


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The chatbot modules that `name` imports anywhere in its body (relative or absolute)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            base = f"{base}.{node.module}" if node.level and node.module else (base if node.level else node.module)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]  # `from . import retrieve` names a module
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports(name, path, set(mods)) for name, path in mods.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_inside_chatbot_is_acyclic():
    edges = graph()
    assert edges["chatbot.index"] and "chatbot.lexical" in edges["chatbot.retrieve"]  # the parser sees imports
    assert "chatbot.embedding.late" in edges["chatbot.index"]                          # … function-level ones too
    assert "chatbot.serve.guard" in edges["chatbot.serve.app"]
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", sorted(modules()))
def test_each_module_has_a_docstring_and_a_readable_size(name):
    path = modules()[name]
    source = path.read_text(encoding="utf-8")
    if not source.strip():
        return  # chatbot/__init__.py
    assert ast.get_docstring(ast.parse(source)), f"{path} has no module docstring"
    lines = source.count("\n")
    assert lines <= 250, f"{path} has {lines} lines"
    if name not in SMALL and path.name != "__init__.py":  # a package's __init__ may just name its parts
        assert lines >= 50, f"{path} has {lines} lines"
