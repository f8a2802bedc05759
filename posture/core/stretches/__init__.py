"""Stretches: the catalogue of exercises, which one to suggest, and coaching one from readings.

What lives here: the packaged catalogue (catalogue.toml) and its entries, the chooser, the cues a
camera can check, a session's state and the coach that moves it through a guided stretch. It may
import the shared core modules and `monitor` (alert kinds a stretch answers); never `measure`,
`reports` or `sim`.
"""
