"""Stretches: the catalogue of exercises, which one to suggest, and coaching one from readings.

What lives here: the packaged catalogue (catalogue.toml) and its entries, the chooser, the cues a
camera can check and the coach that verifies a guided stretch. It may import the shared core
modules and `monitor` (alert kinds a stretch answers); never `measure`, `reports` or `sim`.
"""
