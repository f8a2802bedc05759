"""Entry point for `python -m posture`."""

from posture.cli.program import main

raise SystemExit(main())
