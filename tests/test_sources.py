"""Frame sources on real files made here: images (with EXIF orientation), folders and videos."""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np
import pytest

from posture.adapters.sources import (
    FOLDER_FRAME_SPACING_S,
    FolderSource,
    ImageSource,
    VideoSource,
    open_camera,
    open_path,
    read_image,
)
from posture.core.errors import CameraError, SourceError


def _pattern(height: int = 40, width: int = 80) -> np.ndarray:
    """BGR image: dark left half, bright right half, a red top stripe."""
    image = np.full((height, width, 3), 30, np.uint8)
    image[:, width // 2 :] = 220
    image[:5, :] = (0, 0, 255)
    return image


def _jpeg_with_orientation(bgr: np.ndarray, orientation: int) -> bytes:
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    data = encoded.tobytes()
    entry = struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + entry + struct.pack("<I", 0)
    payload = b"Exif\x00\x00" + tiff
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + segment + data[2:]


def write_video(path: Path, frames: list[np.ndarray], fps: float) -> None:
    height, width = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (width, height))
    for frame in frames:
        writer.write(frame)
    writer.release()


def test_image_is_rgb(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    cv2.imwrite(str(path), _pattern())
    rgb = read_image(path)
    assert rgb.shape == (40, 80, 3)
    assert tuple(rgb[0, 0]) == (255, 0, 0)  # the red stripe, now in RGB order


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    stored = _pattern()
    path = tmp_path / "rotated.jpg"
    path.write_bytes(_jpeg_with_orientation(stored, 6))  # 6: display rotated 90 deg clockwise
    upright = cv2.cvtColor(cv2.rotate(stored, cv2.ROTATE_90_CLOCKWISE), cv2.COLOR_BGR2RGB)
    got = read_image(path)
    assert got.shape == upright.shape == (80, 40, 3)
    assert np.abs(got.astype(int) - upright.astype(int)).mean() < 8


def test_single_image_source_gives_one_frame(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    cv2.imwrite(str(path), _pattern())
    with ImageSource(path) as source:
        frames = list(source)
    assert [(f.index, f.t) for f in frames] == [(0, 0.0)]
    assert not source.is_sequence


def test_folder_in_name_order_skipping_unreadable_images(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("b.png", "a.png", "d.jpg"):
        cv2.imwrite(str(tmp_path / name), _pattern())
    (tmp_path / "c.png").write_bytes(b"not an image")
    (tmp_path / "notes.txt").write_text("ignored")
    source = FolderSource(tmp_path)
    assert source.frame_count() == 4
    frames = list(source)
    assert [f.index for f in frames] == [0, 1, 3]
    assert [f.t for f in frames] == [0.0, FOLDER_FRAME_SPACING_S, 3 * FOLDER_FRAME_SPACING_S]
    assert "c.png" in caplog.text


def test_video_frames_carry_their_time_in_the_video(tmp_path: Path) -> None:
    path = tmp_path / "clip.mp4"
    frames = [np.full((48, 64, 3), 10 * i, np.uint8) for i in range(10)]
    write_video(path, frames, fps=20.0)
    with VideoSource(path) as source:
        got = list(source)
        assert source.is_sequence and source.fps == pytest.approx(20.0)
    assert len(got) == 10
    assert [f.t for f in got] == pytest.approx([i / 20.0 for i in range(10)])
    # Decoded content is the content written (mp4v is lossy: compare brightness order).
    means = [float(f.image.mean()) for f in got]
    assert means == sorted(means)


def test_open_path_picks_the_source_kind(tmp_path: Path) -> None:
    cv2.imwrite(str(tmp_path / "a.png"), _pattern())
    write_video(tmp_path / "v.mp4", [_pattern()] * 3, fps=10.0)
    assert isinstance(open_path(tmp_path), FolderSource)
    assert isinstance(open_path(tmp_path / "a.png"), ImageSource)
    assert isinstance(open_path(tmp_path / "v.mp4"), VideoSource)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.mp4", None, "no such file"),
        ("empty.mp4", b"", "empty"),
        ("text.mp4", b"this is text, not a video\n" * 20, "not a readable video"),
        ("broken.jpg", b"\xff\xd8\xff garbage", "not a readable image"),
    ],
)
def test_bad_files_raise_source_errors(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        open_path(path)


def test_corrupt_video_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.mp4"
    write_video(good, [_pattern()] * 30, fps=10.0)
    data = good.read_bytes()
    noise = np.random.default_rng(7).integers(0, 256, len(data), dtype=np.uint8).tobytes()
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(data[:64] + noise[64:])
    with pytest.raises(SourceError, match=r"bad\.mp4"):
        VideoSource(bad)


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("no images")
    with pytest.raises(SourceError, match="no images"):
        open_path(tmp_path)


def test_missing_camera_is_a_camera_error() -> None:
    with pytest.raises(CameraError, match="could not be opened"):
        open_camera("/dev/posture-no-such-camera")
