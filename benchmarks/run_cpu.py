"""CPU and memory of `posture run` on two desk recordings, against the same loop without the
sharp-movement bursts, with the model at every reading (every second), and a naive loop that
analyses every frame, each on the same input.

The inputs are the shared clips strung into a calm working stretch and a busy one that cuts
between six people every 5-12 s (benchmarks/desk_recording.py), played at real time as a
stand-in MJPEG webcam at 30 fps. Each loop runs in a fresh process:
start-up CPU (interpreter and imports, the model's loading, the first reading) is reported apart
from steady-state CPU (user+system time of the process, all threads, over wall time from
--warmup seconds in to the end, in % of one core; CPU time, so other processes on the machine
slow it little). Also model readings per minute, the monitor's readings per minute, RSS at the
end and its peak. The naive loop reads the newest frame as soon as the model is free: every one
of the 30 a second if the process gets a core, fewer on a busy machine (the frames it missed are
counted, so a starved run shows as one). Why the model looked is counted per minute: the
picture moved or changed, the refresh, two looks that disagreed, a burst. Prints a markdown table
and saves it to benchmarks/results/run_cpu.json (only the full table: `--loops` or
`--recordings` runs a part, printed alone).

The default lengths are the warm-up and one pass of the calm plan (402 s), two of the busy plan
(121 s), so the steady state holds each of their parts.

    python -m benchmarks.run_cpu [--seconds 432] [--busy-seconds 272] [--naive-seconds 60]
                                 [--warmup 30] [--loops defaults no-bursts every-second naive]
                                 [--recordings calm busy]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks._common import ROOT, compare_and_save, shared_path

LOOPS = {
    "defaults": "posture run, defaults",
    "no-bursts": "defaults without sharp-movement bursts (burst_hz = 0)",
    "every-second": "the model at every reading (refresh_s = 1)",
    "naive": "naive: the model on every frame",
}


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def memory_mb() -> tuple[float, float]:
    """RSS now and its peak, in MB."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            found[line[:5]] = int(line.split()[1]) / 1024.0
    return found["VmRSS"], found["VmHWM"]


RECORDINGS = ("calm", "busy")


def name_of(loop: str, plan: str) -> str:
    """A row's name: the loop's, on the busy recording marked so (the calm one's as before)."""
    return LOOPS[loop] if plan == "calm" else f"busy: {LOOPS[loop]}"


def child(
    loop: str, recording: Path, seconds: float, warmup: float, plan: str
) -> dict[str, object]:
    """One loop in this process, measured; its figures."""
    start_cpu = cpu_s()
    from benchmarks.run_cpu_loops import run_loop  # the heavy imports, counted as start-up

    imported = cpu_s()
    model = shared_path("models/pose_landmarker_full.task")
    figures = run_loop(loop, recording, model, seconds, warmup, cpu_s, plan)
    rss, peak = memory_mb()
    return {
        "loop": name_of(loop, plan),
        "recording": plan,
        "python_start_cpu_s": round(start_cpu, 2),
        "imports_cpu_s": round(imported - start_cpu, 2),
        **figures,
        "rss_mb": round(rss, 1),
        "peak_rss_mb": round(peak, 1),
    }


def row_text(row: dict[str, object]) -> str:
    return (
        f"| {row['loop']} | {row['startup_cpu_s']} ({row['imports_cpu_s']} + "
        f"{row['model_load_cpu_s']} + {row['first_reading_cpu_s']}) | {row['steady_cpu_percent']} "
        f"| {row['model_per_min']} | {row['readings_per_min']} | {row['rss_mb']} "
        f"| {row['peak_rss_mb']} |"
    )


def summary(rows: list[dict[str, Any]], plan: str) -> None:
    """What the full table says of one recording: why the model looked, and the ratios between
    the loops."""
    from benchmarks.desk_recording import FPS

    steady = {r["loop"]: float(r["steady_cpu_percent"]) for r in rows if r["recording"] == plan}
    defaults = steady[name_of("defaults", plan)]
    naive = next(r for r in rows if r["loop"] == name_of("naive", plan))
    print(
        f"\n{plan}: the naive loop read {naive['model_per_min']} of the webcam's {FPS * 60:.0f} "
        f"frames a minute ({naive['frames_missed_per_min']} came while the model was busy: as "
        "many as the share of the machine it got allowed)"
    )
    for row in rows:
        if row["recording"] == plan and row["why_per_min"]:
            why = ", ".join(f"{k} {v}" for k, v in row["why_per_min"].items())
            print(f"{plan}: why the model looked ({row['loop']}), a minute: {why}")
    print(
        f"{plan}: defaults use {defaults / steady[name_of('every-second', plan)]:.0%} of the "
        f"every-second loop's steady CPU and {defaults / steady[name_of('naive', plan)]:.1%} of "
        "the naive loop's"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=432.0, help="calm recording")
    parser.add_argument("--busy-seconds", type=float, default=272.0, help="busy recording")
    parser.add_argument("--naive-seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=30.0)
    parser.add_argument(
        "--loops", nargs="+", choices=list(LOOPS), default=list(LOOPS), help="which loops to run"
    )
    parser.add_argument(
        "--recordings", nargs="+", choices=RECORDINGS, default=list(RECORDINGS), help="inputs"
    )
    parser.add_argument("--plan", choices=RECORDINGS, default="calm", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=list(LOOPS), help=argparse.SUPPRESS)
    parser.add_argument("--recording", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.recording, args.seconds, args.warmup, args.plan)))
        return
    from benchmarks.desk_recording import built

    with built(shared_path("data/video")) as recording:
        print(
            "| loop | start-up CPU s (imports + model + first reading) | steady CPU % of a core "
            "| model readings/min | readings/min | RSS MB | peak RSS MB |"
        )
        print("|---|---|---|---|---|---|---|")
        rows = []
        for plan, loop in [(p, loop) for p in args.recordings for loop in args.loops]:
            seconds = {"calm": args.seconds, "busy": args.busy_seconds}[plan]
            seconds = args.naive_seconds if loop == "naive" else seconds
            command = [
                sys.executable,
                "-m",
                "benchmarks.run_cpu",
                "--child",
                loop,
                "--recording",
                str(recording),
                "--seconds",
                str(seconds),
                "--warmup",
                str(min(args.warmup, seconds / 3)),
                "--plan",
                plan,
            ]
            out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
            rows.append(json.loads(out.stdout.splitlines()[-1]))
            print(row_text(rows[-1]), flush=True)
    if args.loops != list(LOOPS) or args.recordings != list(RECORDINGS):  # a part: not saved
        for row in rows:
            print(f"why the model looked ({row['loop']}), a minute: {row['why_per_min']}")
        return
    for plan in RECORDINGS:
        summary(rows, plan)
    compare_and_save("run_cpu", rows, key="loop", measure="steady_cpu_percent")


if __name__ == "__main__":
    main()
