"""A webcam's JPEG frame, decoded only as far as it is looked at (OpenCV's libjpeg-turbo).

An MJPEG webcam sends each frame as a JPEG. A glance needs only a tiny grey thumbnail, which
libjpeg gives at an eighth of the size straight from the compressed data (about a tenth of the
CPU of a full colour decode, converted and shrunk); the full colour frame is decoded only when
the model reads it or a window shows it.
"""

from __future__ import annotations

import cv2
import numpy as np

from posture.core.errors import CameraError

MIN_GREY = (64, 48)
"""The grey picture is at least this big (the motion thumbnail's size) where the frame is."""


def is_jpeg(data: np.ndarray) -> bool:
    """Whether a byte buffer starts as a JPEG does."""
    return data.dtype == np.uint8 and data.size > 4 and bytes(data.reshape(-1)[:2]) == b"\xff\xd8"


class JpegPicture:
    """One JPEG frame: `grey()` decodes it small and grey, `rgb()` in full colour, each once."""

    __slots__ = ("_grey", "_rgb", "data")

    def __init__(self, data: np.ndarray) -> None:
        self.data = data.reshape(-1)
        self._grey: np.ndarray | None = None
        self._rgb: np.ndarray | None = None

    def grey(self) -> np.ndarray:
        if self._grey is None:
            self._grey = self._decode_grey()
        return self._grey

    def _decode_grey(self) -> np.ndarray:
        if self._rgb is not None:
            return cv2.cvtColor(self._rgb, cv2.COLOR_RGB2GRAY)
        grey = _decoded(cv2.imdecode(self.data, cv2.IMREAD_REDUCED_GRAYSCALE_8))
        if grey.shape[1] >= MIN_GREY[0] and grey.shape[0] >= MIN_GREY[1]:
            return grey
        return _decoded(cv2.imdecode(self.data, cv2.IMREAD_GRAYSCALE))  # a small frame: cheap

    def rgb(self) -> np.ndarray:
        if self._rgb is None:
            bgr = _decoded(cv2.imdecode(self.data, cv2.IMREAD_COLOR))
            self._rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        return self._rgb


def _decoded(image: np.ndarray | None) -> np.ndarray:
    if image is None:
        raise CameraError("the camera sent a frame that is not a readable JPEG")
    return image
