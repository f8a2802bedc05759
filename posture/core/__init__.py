"""The pure core: the domain, one sub-package per concept, and the modules every concept shares.

Shared here: data, errors, words, the settings (`settings` with its Spec table, `settings_spec`
for what a setting may hold, `settings_text`
for files and flags, `settings_edit` for writing the file, `setting_words` for how each is said),
`values` (numbers read from files), `escape` (one escaping rule per output), `clocks` (which clock
to trust), and the seams where the concepts meet for the layers above (`ports`, the loop's
protocols; `alerts`, what an alert says). The concepts: `measure`
(landmarks -> readings), `monitor` (readings -> events), `sensing` (when the loop looks),
`stretches`, `reports` and `sim`; each package's docstring says what it may import, and
tests/test_concepts.py holds them to it. The core imports the standard library and numpy only:
no OpenCV, MediaPipe, SQLite, GUI, clock or OS calls (tests/test_layers.py checks).
"""
