"""The pixel size of an image from its header, without decoding it (JPEG, PNG, BMP, WebP, TIFF).

Decoding a 20000x20000 image takes gigabytes before anything can look at it; its header says
how big it is in a few bytes. Read by `sources` to refuse an image too large to decode.
"""

from __future__ import annotations

import struct

Size = tuple[int, int]
"""(width, height) in pixels."""

_JPEG_SOF = frozenset(
    {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
)
_JPEG_NO_LENGTH = frozenset({0x01, *range(0xD0, 0xDA)})
_TIFF_WIDTH, _TIFF_HEIGHT = 256, 257


def pixel_size(data: bytes) -> Size | None:
    """The image's width and height, or None when the header is not one of the formats read."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            return _pair(struct.unpack_from(">II", data, 16))
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
        if data.startswith(b"BM"):
            return _bmp(data)
        if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
            return _webp(data)
        if data[:4] in (b"II*\x00", b"MM\x00*"):
            return _tiff(data)
    except struct.error:
        return None  # cut short inside the header
    return None


def _pair(values: tuple[int, ...]) -> Size | None:
    width, height = abs(values[0]), abs(values[1])
    return (width, height) if width > 0 and height > 0 else None


def _jpeg(data: bytes) -> Size | None:
    """Walk the segments to the first frame header (SOFn); APPn (EXIF, thumbnails) are skipped."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in _JPEG_SOF:
            height, width = struct.unpack_from(">HH", data, i + 5)
            return _pair((width, height))
        if marker in _JPEG_NO_LENGTH:
            i += 2
            continue
        if marker == 0xDA:  # start of scan before any frame header: not a valid JPEG
            return None
        (length,) = struct.unpack_from(">H", data, i + 2)
        i += 2 + length
    return None


def _bmp(data: bytes) -> Size | None:
    (header,) = struct.unpack_from("<I", data, 14)
    if header == 12:  # OS/2 BITMAPCOREHEADER: 16-bit sizes
        return _pair(struct.unpack_from("<HH", data, 18))
    return _pair(struct.unpack_from("<ii", data, 18))  # a negative height means top-down


def _webp(data: bytes) -> Size | None:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack_from("<HH", data, 26)
        return _pair((width & 0x3FFF, height & 0x3FFF))
    if chunk == b"VP8L":
        (bits,) = struct.unpack_from("<I", data, 21)
        return _pair(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return _pair((width, height)) if len(data) >= 30 else None
    return None


def _tiff(data: bytes) -> Size | None:
    """Width and height tags of the first image (the one a decoder reads)."""
    order = "<" if data.startswith(b"II") else ">"
    (ifd,) = struct.unpack_from(order + "I", data, 4)
    (count,) = struct.unpack_from(order + "H", data, ifd)
    found: dict[int, int] = {}
    for n in range(count):
        tag, kind = struct.unpack_from(order + "HH", data, ifd + 2 + 12 * n)
        if tag in (_TIFF_WIDTH, _TIFF_HEIGHT):
            fmt = order + ("H" if kind == 3 else "I")
            (found[tag],) = struct.unpack_from(fmt, data, ifd + 2 + 12 * n + 8)
    if _TIFF_WIDTH in found and _TIFF_HEIGHT in found:
        return _pair((found[_TIFF_WIDTH], found[_TIFF_HEIGHT]))
    return None
