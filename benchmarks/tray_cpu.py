"""CPU and memory of `posture run` with the tray icon against the same run with `--no-tray`, on a
real desktop (Xvfb, trayer, dunst, a D-Bus session bus: tests/desktop_session.py).

Both replay the same recording in real time (`--source CLIP --realtime`): a 2-frames-a-second
side-view clip built from the shared photos (upright, then hunched, so the icon changes state).
Each mode runs `--rounds` times, alternating; CPU is the process's user+system time from its first
reading (its status file appears) for `--seconds`, in % of one core; memory is the process's peak
RSS (VmHWM) at the end. Prints a markdown table and saves it to benchmarks/results/tray_cpu.json.

    python -m benchmarks.tray_cpu [--seconds 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2

from benchmarks._common import ROOT, compare_and_save, shared_path

sys.path.insert(0, str(ROOT / "tests"))
running_desktop = importlib.import_module("desktop_session").running_desktop
"""The tests' desktop session (tests/desktop_session.py)."""

TICKS = os.sysconf("SC_CLK_TCK")


def make_clip(path: Path, seconds: float) -> Path:
    side = shared_path("data/side/sitting-posture-recognition")
    out = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 2.0, (360, 640))
    for name in ("straight_flip.jpg", "hunchback_flip.jpg"):
        photo = cv2.imread(str(side / name))
        if photo is None:
            raise SystemExit(f"cannot read {side / name}")
        image = cv2.resize(photo, (360, 640))
        for _ in range(int(seconds)):  # half the time each, 2 frames a second
            out.write(image)
    out.release()
    return path


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def one_run(env: dict[str, str], clip: Path, tray: bool, seconds: float) -> tuple[float, float]:
    """% of a core over `seconds` of monitoring, and the peak RSS in MB."""
    state = Path(env["POSTURE_STATE_DIR"])
    argv = [sys.executable, "-m", "posture", "run", "--source", str(clip), "--realtime"]
    argv += [] if tray else ["--no-tray"]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (state / "status.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        start_cpu, start = cpu_s(proc.pid), time.monotonic()
        time.sleep(seconds)
        used = cpu_s(proc.pid) - start_cpu
        wall = time.monotonic() - start
        peak = peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    return 100.0 * used / wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {"tray": [], "terminal (--no-tray)": []}
    with tempfile.TemporaryDirectory() as folder, running_desktop() as desktop:
        env = dict(desktop.env, PYTHONPATH=str(ROOT))
        for name in ("CONFIG", "DATA", "STATE"):
            env[f"POSTURE_{name}_DIR"] = str(Path(folder) / name.lower())
        clip = make_clip(Path(folder) / "clip.mp4", args.seconds + 60)
        for _ in range(args.rounds):
            results["tray"].append(one_run(env, clip, True, args.seconds))
            results["terminal (--no-tray)"].append(one_run(env, clip, False, args.seconds))
    rows: list[dict[str, object]] = []
    print("| mode | CPU % of a core (median) | runs | peak RSS MB (largest) |\n|---|---|---|---|")
    for mode, measured in results.items():
        values = [cpu for cpu, _ in measured]
        median = sorted(values)[len(values) // 2]
        peak = max(rss for _, rss in measured)
        runs = ", ".join(f"{v:.2f}" for v in values)
        print(f"| {mode} | {median:.2f} | {runs} | {peak:.0f} |")
        rows.append(
            {"mode": mode, "cpu_percent": round(median, 2), "runs": values, "peak_rss_mb": peak}
        )
    compare_and_save("tray_cpu", rows, key="mode", measure="cpu_percent")


if __name__ == "__main__":
    main()
