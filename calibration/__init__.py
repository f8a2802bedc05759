"""Calibration: a guided capture of the user sitting tall becomes a per-camera profile.

`capture` collects and checks the frames, `fitting` turns them into a `profile.Profile` (the
frontal estimator's model plus baseline figures), and `profile` reads and writes it as JSON.
"""
