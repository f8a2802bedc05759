"""Does a smaller webcam picture cost accuracy? The labelled shared photos, each scaled to fit
640x480 and 320x240 as a webcam at that size would show it, read by the model; per set: the mean
and largest change of the head-forward angle between the sizes, and the share of labelled photos
on the right side of the default threshold (25 deg; side sets: hunchback above, straight and
recline below) at each size. Saves benchmarks/results/capture_size.json.

    python -m benchmarks.capture_size
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from benchmarks._common import compare_and_save, shared_path
from posture.adapters.camera.pose import PoseEstimator
from posture.adapters.camera.sources import read_image
from posture.core.data import Frame
from posture.core.measure import metrics
from posture.core.measure.frontal import FrontalEstimator

SIZES = ((640, 480), (320, 240))
THRESHOLD_DEG = 25.0
SETS = (
    "side/sitting-posture-recognition",
    "side/kaazima-sitting-posture",
    "front/lean-tilt-roboflow/thang",
)
LABELS = {"hunchback": True, "straight": False, "recline": False}


def fitted(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The picture scaled down to fit `size` (never up)."""
    scale = min(size[0] / rgb.shape[1], size[1] / rgb.shape[0], 1.0)
    shape = (round(rgb.shape[1] * scale), round(rgb.shape[0] * scale))
    return cv2.resize(rgb, shape, interpolation=cv2.INTER_AREA)


def angle(pose: PoseEstimator, rgb: np.ndarray) -> float | None:
    return metrics.read(pose.estimate(Frame(rgb, 0.0, 0)), 0.0, FrontalEstimator()).head_forward_deg


def one_set(pose: PoseEstimator, folder: Path) -> dict[str, object]:
    photos = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    angles = {size: [] for size in SIZES}  # type: dict[tuple[int, int], list[float | None]]
    labels = [next((v for k, v in LABELS.items() if p.name.startswith(k)), None) for p in photos]
    for photo in photos:
        rgb = read_image(photo)
        for size in SIZES:
            angles[size].append(angle(pose, fitted(rgb, size)))
    big, small = angles[SIZES[0]], angles[SIZES[1]]
    both = [(a, b) for a, b in zip(big, small, strict=True) if a is not None and b is not None]
    change = [abs(a - b) for a, b in both]

    def right(size: tuple[int, int]) -> str:
        judged = [
            (a is not None and a > THRESHOLD_DEG) == label
            for a, label in zip(angles[size], labels, strict=True)
            if label is not None
        ]
        return f"{sum(judged)}/{len(judged)}"

    return {
        "set": folder.name,
        "photos": len(photos),
        "read_640": sum(a is not None for a in big),
        "read_320": sum(a is not None for a in small),
        "mean_change_deg": round(float(np.mean(change)), 2) if change else None,
        "max_change_deg": round(float(np.max(change)), 2) if change else None,
        "right_640": right(SIZES[0]),
        "right_320": right(SIZES[1]),
    }


def main() -> None:
    print(
        "| set | photos | read at 640x480 / 320x240 | mean / largest change deg "
        "| right side of 25 deg at 640x480 / 320x240 |"
    )
    print("|---|---|---|---|---|")
    rows = []
    with PoseEstimator(shared_path("models/pose_landmarker_full.task"), sequence=False) as pose:
        for name in SETS:
            row = one_set(pose, shared_path(f"data/{name}"))
            rows.append(row)
            print(
                f"| {row['set']} | {row['photos']} | {row['read_640']} / {row['read_320']} "
                f"| {row['mean_change_deg']} / {row['max_change_deg']} "
                f"| {row['right_640']} / {row['right_320']} |",
                flush=True,
            )
    compare_and_save("capture_size", rows, key="set", measure="mean_change_deg")


if __name__ == "__main__":
    main()
