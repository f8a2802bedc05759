"""Frame sources on real files made here: images (with EXIF orientation), folders and videos."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_files import not_a_file, python_bounded

from posture.adapters.camera.imagesize import pixel_size
from posture.adapters.camera.sources import (
    FOLDER_FRAME_SPACING_S,
    MAX_IMAGE_BYTES,
    FolderSource,
    ImageSource,
    VideoSource,
    open_path,
    read_image,
)
from posture.adapters.camera.webcam import camera_device, open_camera
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


def test_a_folder_of_numbered_frames_is_read_in_counting_order(tmp_path: Path) -> None:
    for number in (10, 2, 1, 16):
        cv2.imwrite(str(tmp_path / f"frame-{number}.png"), _pattern())
    source = FolderSource(tmp_path)
    names = [source.frame_name(frame) for frame in source]
    assert names == [str(tmp_path / f"frame-{n}.png") for n in (1, 2, 10, 16)]


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


# --- sizes from headers, and images too large to decode --------------------------------------


def _encoded(ext: str, *params: int) -> bytes:
    ok, data = cv2.imencode(ext, _pattern(), list(params))
    assert ok
    return data.tobytes()


@pytest.mark.parametrize(
    ("ext", "params"),
    [
        (".png", ()),
        (".jpg", ()),
        (".bmp", ()),
        (".webp", (cv2.IMWRITE_WEBP_QUALITY, 80)),  # lossy: VP8
        (".webp", (cv2.IMWRITE_WEBP_QUALITY, 101)),  # lossless: VP8L
        (".tif", ()),
        (".tif", (cv2.IMWRITE_TIFF_COMPRESSION, 1)),
    ],
)
def test_the_header_gives_the_size_of_what_opencv_writes(ext: str, params: tuple[int, ...]) -> None:
    data = _encoded(ext, *params)
    assert pixel_size(data) == (80, 40)
    assert pixel_size(data[:10]) is None  # cut inside the header


def test_the_header_size_of_a_jpeg_with_exif_a_top_down_bmp_and_an_extended_webp() -> None:
    assert pixel_size(_jpeg_with_orientation(_pattern(), 6)) == (80, 40)  # stored size
    bmp = bytearray(_encoded(".bmp"))
    bmp[22:26] = struct.pack("<i", -40)  # rows stored top-down
    assert pixel_size(bytes(bmp)) == (80, 40)
    canvas = (20000 - 1).to_bytes(3, "little") + (15000 - 1).to_bytes(3, "little")
    vp8x = b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00" + b"\x10\x00\x00\x00" + canvas
    assert pixel_size(vp8x) == (20000, 15000)
    assert pixel_size(b"GIF89a" + bytes(20)) is None


def _png_1bit(width: int, height: int) -> bytes:
    """A valid black PNG, one bit a pixel: tiny on disk, `width * height` pixels decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(row * height, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_an_image_over_the_pixel_cap_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(_png_1bit(8000, 7000))  # 56 megapixels in 60 kB
    assert path.stat().st_size < 100_000
    with pytest.raises(SourceError, match=r"8000x7000 pixels, more than 50 megapixels") as caught:
        read_image(path)
    assert "\n" not in str(caught.value)
    small = tmp_path / "small.png"
    small.write_bytes(_png_1bit(800, 700))
    assert read_image(small).shape == (700, 800, 3)


def test_an_image_file_too_large_to_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    with path.open("wb") as out:
        out.truncate(MAX_IMAGE_BYTES + 1)  # sparse: no disk used
    with pytest.raises(SourceError, match=r"big\.png is too large"):
        read_image(path)


# --- camera paths ------------------------------------------------------------------------------

OPEN_CAMERA = """
import sys
from posture.adapters.camera.feeds import CameraFeed
from posture.adapters.camera.webcam import open_camera
from posture.core.errors import CameraError
for open_it in (open_camera, lambda spec: CameraFeed(spec).frame(0.0)):
    try:
        open_it(sys.argv[1])
    except CameraError as exc:
        print(exc)
"""


@pytest.mark.parametrize(
    ("kind", "says"),
    [("fifo", "is a pipe (FIFO)"), ("folder", "is a folder"), ("null", "not a camera")],
)
def test_a_camera_path_that_is_no_camera_is_refused_before_opencv_waits_on_it(
    tmp_path: Path, kind: str, says: str
) -> None:
    path = Path("/dev/null") if kind == "null" else not_a_file(kind, tmp_path)
    result = python_bounded(OPEN_CAMERA, str(path))  # a FIFO blocked OpenCV forever
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and all(says in line and str(path) in line for line in lines)


def test_a_camera_index_or_a_missing_path_is_left_to_opencv(tmp_path: Path) -> None:
    assert camera_device("0") == 0 and camera_device("12") == 12
    assert camera_device("/dev/posture-no-such-camera") == "/dev/posture-no-such-camera"
    clip = tmp_path / "clip.mp4"
    write_video(clip, [_pattern()] * 3, fps=10.0)
    assert camera_device(str(clip)) == str(clip)  # a recording played as a camera
