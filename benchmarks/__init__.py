"""Benchmark scripts: run from the project root as `python -m benchmarks.NAME`."""
