"""posture: a webcam posture monitor built on MediaPipe pose landmarks."""

__version__ = "0.1.0"
