"""What drawing the preview's overlay costs per frame (pose lines and the four text lines, each
outlined), at the sizes a webcam gives; the preview draws at the motion-check rate (2 a second),
so the share of one core is the time per frame times 2. Prints a markdown table.

    python -m benchmarks.preview_draw [--repeat 100]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from posture.adapters.camera.preview import draw
from posture.app.preview import overlay
from posture.core.monitor.events import Posture, Status

SIZES = ((640, 480), (1280, 720), (1920, 1080))


def status() -> Status:
    """Someone with the head forward: every line is drawn."""
    return Status(
        t=0.0,
        present=True,
        away=False,
        paused=False,
        posture=Posture.FORWARD,
        head_forward_deg=31.0,
        forward_s=75.0,
        still_s=900.0,
        sitting_s=1800.0,
        alerting=frozenset(),
        next_alert=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    lines = overlay(status())
    rng = np.random.default_rng(0)
    print("| frame | median ms per frame | share of a core at 2 a second |")
    print("|---|---|---|")
    for width, height in SIZES:
        frame = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            draw(frame, None, lines)
            times.append(time.perf_counter() - start)
        ms = statistics.median(times) * 1000
        print(f"| {width}x{height} | {ms:.1f} | {ms * 2 / 10:.1f}% |")


if __name__ == "__main__":
    main()
