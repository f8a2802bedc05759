"""Simulation: people and days made up for tests, benchmarks and `posture demo`.

What lives here: a geometric simulator of head, neck, shoulders and camera, the demo workday that
runs through the real Monitor, and scripted readings for long accelerated runs. It may import any
other core concept (it exercises them); nothing in the core imports it.
"""
