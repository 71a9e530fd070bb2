"""The package imports one way: model -> extract -> normalize -> export -> pipeline and command line.

Walks every module of the installed namespace with `ast` and fails on an import against that order,
on an import of the checkout's own folders by their bare names, and on an import of tests or bench.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"tipmatrix": "tipmatrix", "extract": "tipmatrix.extract", "normalize": "tipmatrix.normalize",
           "export": "tipmatrix.export"}
# The bottom layer: what every stage shares (the record model, errors, flag catalogue, body registry).
BOTTOM = {"tipmatrix.model", "tipmatrix.errors", "tipmatrix.flags", "tipmatrix.bodies", "tipmatrix.textfold",
          "tipmatrix.cache", "tipmatrix.ctrl_c"}
STAGES = ("tipmatrix.extract", "tipmatrix.normalize", "tipmatrix.export")
TOP = len(STAGES) + 1


def module_names() -> dict[str, Path]:
    """Every module of the package, by its installed dotted name."""
    out = {}
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            if folder == "tipmatrix" and parts and parts[0] in ("extract", "normalize", "export"):
                continue
            out[".".join([package, *parts])] = path
    return out


def layer(module: str) -> int:
    """0 for the bottom, 1-3 for the stages in the order data flows, 4 for pipeline, command line and API."""
    if module in BOTTOM:
        return 0
    for rank, stage in enumerate(STAGES, start=1):
        if module == stage or module.startswith(stage + "."):
            return rank
    return TOP


def imported(tree: ast.Module, module: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) of every import in a module's tree, relative imports resolved, names that are modules kept."""
    package = module if module in {"tipmatrix", *STAGES} else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.append((node.lineno, sub if sub in known else base))
    return out


MODULES = module_names()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_only_its_own_layer_or_below(module):
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    wrong = []
    for line, target in imported(tree, module, set(MODULES)):
        top = target.split(".")[0]
        if top in ("extract", "normalize", "export", "tests", "bench"):
            wrong.append(f"line {line}: {target} (import it as tipmatrix.* or not at all)")
        elif top == "tipmatrix" and layer(target) > layer(module):
            wrong.append(f"line {line}: {target} is above {module} in the import order")
    assert not wrong, f"{MODULES[module].relative_to(ROOT)}: " + "; ".join(wrong)


def test_the_walk_sees_every_stage_and_a_wrong_import_is_caught():
    assert {layer(m) for m in MODULES} == {0, 1, 2, 3, TOP}
    tree = ast.parse("from tipmatrix.normalize.align import align\nfrom .cells import Frag\n")
    found = imported(tree, "tipmatrix.extract.assemble", set(MODULES))
    assert found == [(1, "tipmatrix.normalize.align"), (2, "tipmatrix.extract.cells")]
    assert layer(found[0][1]) > layer("tipmatrix.extract.assemble")
