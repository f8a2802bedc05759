"""What one pose model bundle costs a run: CPU a reading and the memory it adds.

Each bundle is measured in a fresh process: RSS before the landmarker is made, after, and after
60 readings; CPU (all threads) of a reading in VIDEO mode (the live loop's) with readings 1.5 s
apart in the clip's time, as the monitor reads a changing picture, on the shared talking clip
letterboxed into 640x480 (the frames are decoded beforehand and not counted). Any BlazePose
`.task` bundle can be named, so a lite or heavy bundle is measured the same way as the shared
full one.

    python -m benchmarks.model_cost [--model FILE ...] [--save]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks._common import compare_and_save, shared_path

READINGS = 60


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    raise AssertionError("no VmRSS")


def child(model: Path) -> dict[str, object]:
    """Measure one bundle in this process."""
    import cv2
    import numpy as np

    from benchmarks.desk_recording import letterboxed
    from posture.adapters.camera.pose import PoseEstimator
    from posture.core.data import Frame

    capture = cv2.VideoCapture(str(shared_path("data/video/front-talking-selfie.mp4")))
    fps = capture.get(cv2.CAP_PROP_FPS)
    frames: list[np.ndarray] = []
    while len(frames) <= READINGS:
        ok, bgr = capture.read()
        if not ok:
            capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            continue
        if capture.get(cv2.CAP_PROP_POS_FRAMES) % max(int(fps * 1.5), 1) == 0:
            frames.append(cv2.cvtColor(letterboxed(bgr), cv2.COLOR_BGR2RGB))
    capture.release()
    before = rss_mb()
    with PoseEstimator(model, sequence=True) as pose:
        made = rss_mb()
        pose.estimate(Frame(frames[0], 0.0, 0))  # the first reading warms the graph
        start = time.process_time()
        found = sum(
            pose.estimate(Frame(rgb, 1.5 * i, i)) is not None for i, rgb in enumerate(frames[1:], 1)
        )
        spent = time.process_time() - start
        read = rss_mb()
    return {
        "model": model.name,
        "bytes": model.stat().st_size,
        "cpu_ms_per_reading": round(1000.0 * spent / READINGS, 1),
        "found": f"{found}/{READINGS}",
        "rss_before_mb": round(before),
        "rss_added_by_model_mb": round(made - before),
        "rss_after_readings_mb": round(read),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model",
        type=Path,
        nargs="+",
        default=[shared_path("models/pose_landmarker_full.task")],
        help="pose model bundles (.task) to measure",
    )
    parser.add_argument("--save", action="store_true", help="save under benchmarks/results")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    print(
        "| model | bytes | CPU ms a reading | person found | RSS before MB | added by the "
        "model MB | after 60 readings MB |"
    )
    print("|---|---|---|---|---|---|---|")
    rows = []
    for model in args.model:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.model_cost", "--child", str(model)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(
            f"| {row['model']} | {row['bytes']:,} | {row['cpu_ms_per_reading']} | {row['found']} "
            f"| {row['rss_before_mb']} | {row['rss_added_by_model_mb']} "
            f"| {row['rss_after_readings_mb']} |"
        )
    if args.save:
        compare_and_save("model_cost", rows, key="model", measure="cpu_ms_per_reading")


if __name__ == "__main__":
    main()
