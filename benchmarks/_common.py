"""Helpers shared by the benchmark scripts: where the shared assets are, and saved results."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def shared_path(relative: str) -> Path:
    """A file under ../shared (or $POSTURE_SHARED)."""
    base = Path(os.environ.get("POSTURE_SHARED") or ROOT.parent / "shared")
    return base / relative


def compare_and_save(name: str, rows: list[dict[str, object]], key: str, measure: str) -> None:
    """Print the change of `measure` against the last saved run, then save this run."""
    path = RESULTS / f"{name}.json"
    if path.exists():
        previous = {str(r[key]): r for r in json.loads(path.read_text())["rows"]}
        print(f"\nchange in {measure} since the last saved run:")
        for row in rows:
            before = previous.get(str(row[key]))
            if before:
                old, new = float(before[measure]), float(row[measure])  # type: ignore[arg-type]
                print(f"- {row[key]}: {old:g} -> {new:g} ({(new - old) / old:+.1%})")
    RESULTS.mkdir(parents=True, exist_ok=True)
    saved = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus, "
        f"Python {platform.python_version()}",
        "rows": rows,
    }
    path.write_text(json.dumps(saved, indent=2) + "\n")
