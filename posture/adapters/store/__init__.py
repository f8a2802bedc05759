"""Store: the history in SQLite (schema, migrations, days, rollups, administration).

What lives here: the store the live loop writes (flag bits in `flags`), the history read back for
reports (`reads`), the file checks and migrations, the daily figures and rollups read for reports,
the errors SQLite failures become, and the administration behind `posture history`. It may import
the core and `system`.
"""
