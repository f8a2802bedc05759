"""Measure: from pose landmarks to readings (angles, view, confidence, framing, sharp movements).

What lives here: the metrics of one pose and which way it faces (orientation), the frontal neck
model and its geometry, the calibrated baseline and the view check, framing advice, the
sharp-movement detector and summaries of a run of readings. It may import the shared core modules
(data, errors, words, settings) only: every other concept builds on it, and it on none of them.
"""
