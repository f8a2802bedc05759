"""The files a report or an export writes where the user says (--html, --csv, history export -o):
a new name, an empty file or the same kind of file posture wrote before is written; a file of the
user's that posture did not write is refused in one line and left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import assert_one_line_error, run

DAY = ["--date", "2026-11-16", "--tz", "Europe/Berlin"]

WRITERS = {
    "html": lambda db, out: ["report", "--db", str(db), *DAY, "--html", str(out)],
    "csv": lambda db, out: ["report", "--db", str(db), *DAY, "--csv", str(out)],
    "export csv": lambda db, out: ["history", "export", "--db", str(db), "-o", str(out)],
    "export json": lambda db, out: [
        "history",
        "export",
        "--db",
        str(db),
        "--format",
        "json",
        "-o",
        str(out),
    ],
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_file_posture_did_not_write_is_refused_and_kept(
    cli_env: dict[str, str], known_day: Path, tmp_path: Path, writer: str
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes: call the physiotherapist on Monday\n")
    result = run(WRITERS[writer](known_day, notes), cli_env)
    assert_one_line_error(result, "will not replace", "notes.txt")
    assert notes.read_text() == "my notes: call the physiotherapist on Monday\n"


@pytest.mark.parametrize("writer", list(WRITERS))
def test_the_same_output_again_replaces_what_posture_wrote_before(
    cli_env: dict[str, str], known_day: Path, tmp_path: Path, writer: str
) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # a weekly `--html week.html` overwrites last week's page
        result = run(WRITERS[writer](known_day, out), cli_env)
        assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 100


def test_an_empty_file_is_written(cli_env: dict[str, str], known_day: Path, tmp_path: Path) -> None:
    out = tmp_path / "made-by-mktemp"
    out.touch()
    result = run(WRITERS["html"](known_day, out), cli_env)
    assert result.returncode == 0, result.stderr
    assert "<title>posture report" in out.read_text()
