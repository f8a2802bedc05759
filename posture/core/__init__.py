"""The pure core: data types, geometry, the monitor, settings, alerts, stretches, summaries.

It imports the standard library and numpy only: no OpenCV, MediaPipe, SQLite, GUI, clock or OS
calls (tests/test_layers.py walks this package in a fresh interpreter and checks).
"""
