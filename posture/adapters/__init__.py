"""Adapters: each hides one library or OS service and turns its failures into the project's errors.

By concept: `camera` (frames and pose), `store` (SQLite history), `notify` (desktop
notifications), `system` (paths, files, the instance, login, lock, power, zones) and `report`
(HTML and SVG). They import the core and `system`, never each other or anything above.
"""
