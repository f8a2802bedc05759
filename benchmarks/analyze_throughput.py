"""Throughput of `posture analyze`'s pipeline against the raw MediaPipe model on the same frames.

Both decode the same video with OpenCV; the raw loop only converts colour and calls
detect_for_video, the pipeline adds the adapter, the metrics and the readings. Prints a markdown
table and saves it to benchmarks/results/analyze_throughput.json, showing the change since the
last saved run.

    python benchmarks/analyze_throughput.py [VIDEO ...] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import cv2
import mediapipe as mp
from mediapipe.tasks.python import BaseOptions, vision

from benchmarks._common import compare_and_save, shared_path
from posture.app import wiring as app
from posture.core.measure.frontal import FrontalEstimator


def raw_model(video: Path, model: Path) -> int:
    options = vision.PoseLandmarkerOptions(
        base_options=BaseOptions(model_asset_path=str(model)),
        running_mode=vision.RunningMode.VIDEO,
    )
    capture = cv2.VideoCapture(str(video))
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    frames = 0
    with vision.PoseLandmarker.create_from_options(options) as landmarker:
        while True:
            ok, bgr = capture.read()
            if not ok:
                break
            rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
            image = mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb)
            landmarker.detect_for_video(image, int(frames * 1000 / fps))
            frames += 1
    capture.release()
    return frames


def pipeline(video: Path, model: Path) -> int:
    return sum(1 for _ in app.analyze([video], model, FrontalEstimator()))


def timed(fn, video: Path, model: Path) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    frames = fn(video, model)
    return frames, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("videos", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    model = Path(os.environ.get("POSTURE_MODEL") or shared_path("models/pose_landmarker_full.task"))
    videos = args.videos or sorted(shared_path("data/video").glob("*.mp4"))
    rows = []
    print(
        "| video | frames | raw ms/frame | pipeline ms/frame | raw fps | pipeline fps | "
        "pipeline / raw |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for video in videos:
        best = {"raw": float("inf"), "pipeline": float("inf")}
        frames = 0
        for _ in range(args.repeat):  # alternate, keep the best of each
            frames, seconds = timed(raw_model, video, model)
            best["raw"] = min(best["raw"], seconds)
            frames, seconds = timed(pipeline, video, model)
            best["pipeline"] = min(best["pipeline"], seconds)
        raw_fps, ours_fps = frames / best["raw"], frames / best["pipeline"]
        ratio = ours_fps / raw_fps
        print(
            f"| {video.name} | {frames} | {1000 / raw_fps:.1f} | {1000 / ours_fps:.1f} | "
            f"{raw_fps:.1f} | {ours_fps:.1f} | {ratio:.0%} |"
        )
        rows.append(
            {
                "video": video.name,
                "frames": frames,
                "raw_fps": round(raw_fps, 2),
                "pipeline_fps": round(ours_fps, 2),
                "pipeline_ms_per_frame": round(1000 / ours_fps, 2),
                "ratio": round(ratio, 4),
            }
        )
    compare_and_save("analyze_throughput", rows, key="video", measure="pipeline_fps")


if __name__ == "__main__":
    main()
