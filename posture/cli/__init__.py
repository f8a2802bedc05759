"""The `posture` command line: one module per command, argument parsing and output.

Nothing imports this package but the entry point and the tests.
"""

from posture.cli.program import main

__all__ = ["main"]
