"""How quickly the quick commands answer: `posture --help`, `pause`, `resume`, `config`, each run
as a fresh process several times; median wall time and CPU time (user+system of the child), and
the same for `python -c pass` as the floor. Uses a temporary state/config folder, so a running
monitor is not paused. Prints a markdown table and saves it to benchmarks/results/cli_startup.json.

    python -m benchmarks.cli_startup [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._common import ROOT, compare_and_save
from posture.adapters.system.control import PidFile

COMMANDS = (
    ["--help"],
    ["pause", "--help"],
    ["pause", "5"],
    ["resume"],
    ["config"],
)


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `argv`."""
    cpu0, wall0 = children_cpu_s(), time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    return time.perf_counter() - wall0, children_cpu_s() - cpu0


def row(name: str, argv: list[str], env: dict[str, str], repeat: int) -> dict[str, object]:
    runs = [once(argv, env) for _ in range(repeat)]
    result: dict[str, object] = {
        "command": name,
        "wall_ms": round(1000 * statistics.median(w for w, _ in runs)),
        "cpu_ms": round(1000 * statistics.median(c for _, c in runs)),
    }
    print(f"| {name} | {result['wall_ms']} | {result['cpu_ms']} |", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        for name in ("CONFIG", "DATA", "STATE", "CACHE"):
            env[f"POSTURE_{name}_DIR"] = os.path.join(folder, name.lower())
        print("| command | median wall ms | median CPU ms |")
        print("|---|---|---|")
        rows = [row("python -c pass", [sys.executable, "-c", "pass"], env, args.repeat)]
        # pause and resume answer a running monitor: this process stands in for one
        with PidFile(Path(env["POSTURE_STATE_DIR"])):
            for command in COMMANDS:
                argv = [sys.executable, "-m", "posture", *command]
                rows.append(row(f"posture {' '.join(command)}", argv, env, args.repeat))
    compare_and_save("cli_startup", rows, key="command", measure="wall_ms")


if __name__ == "__main__":
    main()
