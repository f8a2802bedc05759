"""The layers hold: the core is pure, and imports point down only (core <- adapters <- app <- cli).

The core is found by walking `posture.core`, not from a hand-kept list, so a new module is checked
the day it is added.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import posture
import posture.core

ROOT = Path(posture.__file__).resolve().parent.parent

HEAVY = ("cv2", "mediapipe", "sqlite3", "platformdirs", "desktop_notifier", "matplotlib", "PySide6")
"""Libraries the core must never load, even indirectly."""

IMPURE = (
    "posture.adapters",
    "posture.app",
    "posture.cli",
    "posture.desktop",
    "calibration.profile_file",
)
"""Project modules that read files, clocks or devices: the pure part never loads them."""

CORE_FORBIDDEN_STDLIB = {
    "os",
    "time",
    "socket",
    "subprocess",
    "shutil",
    "tempfile",
    "signal",
    "threading",
    "urllib",
    "sqlite3",
    "importlib",
    "pathlib",
}
"""Clock, file and OS access: the core takes its time and its text as arguments."""

ALLOWED = {
    # layer -> the layers (and top-level packages of the project) it may import
    "core": {"core"},
    "adapters": {"core", "adapters"},
    "calibration": {"core", "calibration"},
    "app": {"core", "adapters", "app", "calibration"},
    "desktop": {"core", "adapters", "app", "desktop", "calibration"},
    "cli": {"core", "adapters", "app", "desktop", "cli", "calibration"},
}

EXCEPTIONS = {"calibration.profile_file": {"adapters"}}
"""The calibration package's one file-I/O module writes through the adapters' safe file helpers
(bounded reads, private atomic writes); the adapters never import calibration, so no cycle."""


def core_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.walk_packages(posture.core.__path__, prefix="posture.core.")
        if not info.ispkg
    )


def layer_of(module: str) -> str | None:
    """The layer a dotted module name belongs to (None for the standard library and others)."""
    parts = module.split(".")
    if parts[0] == "calibration":
        return "calibration"
    if parts[0] == "posture" and len(parts) > 1 and parts[1] in ALLOWED:
        return parts[1]
    return None


def project_files() -> list[tuple[str, Path]]:
    files = []
    for package in ("posture", "calibration"):
        for path in sorted((ROOT / package).rglob("*.py")):
            dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            files.append((dotted.removesuffix(".__init__"), path))
    return files


def imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_layers_are_folders() -> None:
    folders = {p.name for p in (ROOT / "posture").iterdir() if p.is_dir() and p.name[0] != "_"}
    assert {"core", "adapters", "app", "cli"} <= folders
    loose = sorted(p.name for p in (ROOT / "posture").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]


def test_the_walk_finds_the_core() -> None:
    found = core_modules()
    assert "posture.core.monitor.monitor" in found and "posture.core.measure.metrics" in found
    assert len(found) == len(list((ROOT / "posture" / "core").rglob("[!_]*.py")))


def test_the_core_loads_no_heavy_or_io_library() -> None:
    pure = [*core_modules(), "calibration.capture", "calibration.fitting", "calibration.evaluation"]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in pure)
        + f"print(','.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
        + f"print(','.join(sorted(m for m in sys.modules if m.startswith({IMPURE!r}))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    heavy, impure = result.stdout.split("\n")[:2]
    assert heavy == ""
    assert impure == ""


def test_the_core_imports_no_clock_file_or_os_module() -> None:
    pure = [(m, p) for m, p in project_files() if layer_of(m) == "core"]
    pure += [
        (m, p) for m, p in project_files() if m in ("calibration.capture", "calibration.fitting")
    ]
    offenders = {
        module: sorted(n for n in imported(path) if n.split(".")[0] in CORE_FORBIDDEN_STDLIB)
        for module, path in pure
    }
    assert {m: bad for m, bad in offenders.items() if bad} == {}


def test_imports_point_down_only() -> None:
    wrong = []
    for module, path in project_files():
        mine = layer_of(module)
        if mine is None:  # posture/__init__ and __main__ (the entry point may import the cli)
            continue
        for name in imported(path):
            theirs = layer_of(name)
            allowed = ALLOWED[mine] | EXCEPTIONS.get(module, set())
            if theirs is not None and theirs not in allowed:
                wrong.append(f"{module} ({mine}) imports {name} ({theirs})")
    assert wrong == []


def test_the_cli_does_not_load_mediapipe_until_a_model_is_needed() -> None:
    code = "import sys, posture.cli\nprint('mediapipe' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


GUI_TOOLKITS = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "tkinter", "pystray", "wx", "gi")
"""Graphical toolkits: only posture/desktop may import one."""


def test_only_the_desktop_imports_a_gui_toolkit() -> None:
    offenders = sorted(
        f"{module} imports {name}"
        for module, path in project_files()
        if layer_of(module) != "desktop"
        for name in imported(path)
        if name.split(".")[0] in GUI_TOOLKITS
    )
    assert offenders == []


def test_the_desktop_sits_above_the_app_and_only_the_cli_uses_it() -> None:
    users = sorted(
        module
        for module, path in project_files()
        if any(layer_of(name) == "desktop" for name in imported(path))
    )
    assert {layer_of(module) for module in users} <= {"desktop", "cli"}
    assert {"core", "adapters", "app"} <= ALLOWED["desktop"]
    assert "desktop" not in ALLOWED["app"] | ALLOWED["adapters"] | ALLOWED["core"]


def test_the_cli_does_not_load_the_desktop_until_a_tray_is_wanted() -> None:
    code = (
        "import sys, posture.cli\n"
        "print(sorted(m for m in ('PySide6', 'psutil', 'posture.desktop') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
