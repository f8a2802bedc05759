"""Video frames are capped like stills (50 megapixels), refused from the size the file declares,
before a frame is decoded (issue 28, item 10); a high frame rate is the clip's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_cli import assert_one_line_error
from test_sources import write_video

from posture.adapters.camera.feeds import ReplayFeed
from posture.adapters.camera.sources import MAX_IMAGE_PIXELS, VideoSource

WIDTH, HEIGHT = 8200, 6200
"""50.8 megapixels: just over the cap. Three black frames are 1 MB as MJPEG, 150 MB decoded."""

PEAK = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": done.returncode, "err": done.stderr, "peak_mb": peak_kb / 1024}))
"""
"""Runs a command and says its peak memory (of that child alone: a fresh interpreter's)."""


@pytest.fixture(scope="module")
def huge_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert WIDTH * HEIGHT > MAX_IMAGE_PIXELS
    path = tmp_path_factory.mktemp("huge") / "huge.avi"
    out = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10.0, (WIDTH, HEIGHT))
    frame = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    for _ in range(3):
        out.write(frame)
    out.release()
    assert path.stat().st_size < 3_000_000
    return path


@pytest.mark.parametrize(
    "argv",
    [["analyze"], ["run", "--no-tray", "--duration", "5s", "--source"]],
    ids=["analyze", "run"],
)
def test_a_clip_of_frames_over_the_cap_is_refused_before_decoding(
    cli_env: dict[str, str], huge_clip: Path, argv: list[str]
) -> None:
    command = [sys.executable, "-m", "posture", *argv, str(huge_clip)]
    measured = subprocess.run(
        [sys.executable, "-c", PEAK, *command],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
    )
    found = json.loads(measured.stdout)
    result = subprocess.CompletedProcess(command, found["code"], "", found["err"])
    assert_one_line_error(result, f"{WIDTH}x{HEIGHT} pixels", "50 megapixels", "huge.avi")
    assert found["peak_mb"] < 400, found  # decoding the frames took 1 GB for `analyze`


@pytest.mark.parametrize("fps", [240.0, 1000.0, 1920.0])
def test_a_high_speed_clip_keeps_its_own_frame_rate(tmp_path: Path, fps: float) -> None:
    """A phone's slow-motion clip (240, 960, 1920 fps) lasts its own length, not 33 times it."""
    path = tmp_path / "fast.mp4"
    write_video(path, [np.full((48, 64, 3), i * 20, np.uint8) for i in range(10)], fps)
    source = VideoSource(path)
    try:
        assert source.fps == pytest.approx(fps)
        assert [f.t for f in source][-1] == pytest.approx(9 / fps)
    finally:
        source.close()
    feed = ReplayFeed(path)
    try:
        assert feed.fps == pytest.approx(fps)
    finally:
        feed.close()
