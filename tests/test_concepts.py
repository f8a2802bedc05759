"""Inside the layers the concepts stay apart: which core and adapter sub-packages import which.

The sub-packages are found by walking the folders, so a new one must be given its arrows here
before its first test passes; a module directly in `posture/core` is a shared module (data,
errors, words, settings, and the seams `ports` and `alerts`).
"""

from __future__ import annotations

import ast
from pathlib import Path

import posture

ROOT = Path(posture.__file__).resolve().parent

CORE_ARROWS = {
    # concept -> the other core concepts it may import ("shared" is the modules at core's top)
    "measure": {"shared"},
    "monitor": {"shared", "measure"},
    "sensing": {"shared", "measure", "monitor"},
    "stretches": {"shared", "monitor"},
    "reports": {"shared", "monitor"},
    "sim": {"shared", "measure", "monitor", "sensing", "stretches"},
    "shared": {"shared", "monitor", "stretches"},
}
"""The core's arrows. `shared` reaching up is `ports` and `alerts`, where the concepts meet."""

ADAPTER_ARROWS = {
    "camera": {"system"},
    "store": {"system"},
    "notify": {"system"},
    "report": {"system"},
    "system": set(),
}
"""The adapters' arrows between their own packages (each may import the whole core)."""


def concept_of(module: str, layer: str) -> str | None:
    """The sub-package of `layer` a dotted module belongs to ('shared' for the layer's top)."""
    parts = module.split(".")
    if parts[:2] != ["posture", layer] or len(parts) < 3:
        return None
    return parts[2] if (ROOT / layer / parts[2]).is_dir() else "shared"


def arrows(layer: str) -> set[tuple[str, str, str]]:
    """(importer's concept, imported concept, importing module) for every import in a layer."""
    found = set()
    for path in sorted((ROOT / layer).rglob("*.py")):
        dotted = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        dotted = dotted.removesuffix(".__init__")
        mine = concept_of(dotted, layer)
        if mine is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            if node.module != f"posture.{layer}":
                names.append(node.module)
            for name in names:
                theirs = concept_of(name, layer)
                if theirs is not None and theirs != mine:
                    found.add((mine, theirs, dotted))
    return found


def test_every_core_concept_has_its_arrows_written_down() -> None:
    packages = {p.name for p in (ROOT / "core").iterdir() if (p / "__init__.py").exists()}
    assert packages == set(CORE_ARROWS) - {"shared"}


def test_core_concepts_import_only_along_their_arrows() -> None:
    wrong = sorted(
        f"{module} ({mine}) imports {theirs}"
        for mine, theirs, module in arrows("core")
        if theirs not in CORE_ARROWS[mine]
    )
    assert wrong == []


def test_reports_never_measure_and_the_monitor_never_suggests() -> None:
    found = {(mine, theirs) for mine, theirs, _ in arrows("core")}
    assert ("reports", "measure") not in found
    assert ("monitor", "stretches") not in found
    assert ("measure", "monitor") not in found


def test_adapter_packages_import_only_the_system_package() -> None:
    packages = {p.name for p in (ROOT / "adapters").iterdir() if (p / "__init__.py").exists()}
    assert packages == set(ADAPTER_ARROWS)
    wrong = sorted(
        f"{module} ({mine}) imports {theirs}"
        for mine, theirs, module in arrows("adapters")
        if theirs not in ADAPTER_ARROWS.get(mine, set())
    )
    assert wrong == []


def test_each_sub_package_says_what_lives_there_and_what_it_may_import() -> None:
    for layer in ("core", "adapters"):
        for init in sorted((ROOT / layer).glob("*/__init__.py")):
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
            assert "lives here" in doc or "may import" in doc, init
            assert "import" in doc, init
