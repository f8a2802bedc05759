"""Safe small files: bounded reads of regular files only, private atomic writes, our folders 0700.

Reads that would never end before the fix (a FIFO waits for a writer, /dev/zero never ends) run
in a child process with a time limit and a 1 GiB address-space limit, so a regression fails the
test in seconds instead of hanging it or eating the machine's memory.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from test_cli import assert_one_line_error

from posture.adapters.system import files, paths
from posture.core.errors import ConfigError, UsageError

BOUND_S = 30
MEMORY_BYTES = 1 << 30


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_bounded(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`posture ARGS` with at most 30 s and 1 GiB (a hang raises TimeoutExpired: a failure)."""
    return subprocess.run(
        [sys.executable, "-m", "posture", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=BOUND_S,
        preexec_fn=_limit_memory,
    )


def python_bounded(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Python `code` (with `args` in sys.argv[1:]) in a child with the same limits."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=BOUND_S,
        preexec_fn=_limit_memory,
    )


def not_a_file(kind: str, folder: Path) -> Path:
    """A path where a small text file is expected that is /dev/zero, a FIFO or a folder."""
    path = folder / f"{kind}-target"
    if kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    return path


KINDS = ["zero", "fifo", "folder"]
SAYS = {"zero": "not a regular file", "fifo": "not a regular file", "folder": "is a folder"}


READ_ONE = """
import sys
from pathlib import Path
from posture.adapters.system.files import read_small_text
from posture.core.errors import PostureError
try:
    read_small_text(Path(sys.argv[1]), "test file", PostureError)
except PostureError as exc:
    print(exc)
"""


@pytest.mark.parametrize("kind", KINDS)
def test_only_a_regular_file_is_read(tmp_path: Path, kind: str) -> None:
    path = not_a_file(kind, tmp_path)
    result = python_bounded(READ_ONE, str(path))
    assert result.returncode == 0, result.stderr
    assert SAYS[kind] in result.stdout and str(path) in result.stdout


def test_reads_are_bounded(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as out:
        out.truncate(8 << 30)  # sparse: 8 GiB that take no disk
    with pytest.raises(ConfigError, match="too large"):
        files.read_small_text(huge, "config file", ConfigError)
    small = tmp_path / "small.toml"
    small.write_bytes(b"x = 1\n")
    assert files.read_small_text(small, "config file", ConfigError, limit=6) == "x = 1\n"
    with pytest.raises(ConfigError, match="too large"):
        files.read_small_text(small, "config file", ConfigError, limit=5)
    small.write_bytes(b"\xff\xfe")
    with pytest.raises(ConfigError, match="not UTF-8"):
        files.read_small_text(small, "config file", ConfigError)


@pytest.mark.parametrize("kind", KINDS)
def test_config_that_is_not_a_file_is_one_line(
    cli_env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    path = not_a_file(kind, tmp_path)
    assert_one_line_error(run_bounded(["config", "--config", str(path)], cli_env), SAYS[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_a_catalogue_that_is_not_a_file_is_one_line(
    cli_env: dict[str, str], tmp_path: Path, kind: str
) -> None:
    config = Path(cli_env["POSTURE_CONFIG_DIR"])
    config.mkdir()
    target = not_a_file(kind, tmp_path)
    (config / "stretches.toml").symlink_to(target)
    assert_one_line_error(run_bounded(["stretch", "--list"], cli_env), SAYS[kind])


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_private_write_is_0600_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")
    target.chmod(0o644)
    old_umask = os.umask(0o022)
    try:
        files.write_private(target, "new", "report", UsageError)
    finally:
        os.umask(old_umask)
    assert target.read_text() == "new" and _mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_private_write_never_goes_through_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "someone-elses.txt"
    victim.write_text("precious")
    link = tmp_path / "report.csv"
    link.symlink_to(victim)
    with pytest.raises(UsageError, match="symbolic link"):
        files.write_private(link, "data", "CSV report", UsageError)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere" / "created.csv")
    with pytest.raises(UsageError, match="symbolic link"):
        files.write_private(dangling, "data", "CSV report", UsageError)
    assert victim.read_text() == "precious" and link.is_symlink()
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(("kind", "says"), [("fifo", "not a regular file"), ("folder", "folder")])
def test_a_private_write_refuses_a_pipe_or_a_folder(tmp_path: Path, kind: str, says: str) -> None:
    target = not_a_file(kind, tmp_path)
    with pytest.raises(UsageError, match=says):
        files.write_private(target, "data", "report", UsageError)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_folders_made_for_our_files_are_0700_at_every_level(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    old_umask = os.umask(0o022)
    try:
        files.private_folder(tmp_path / "a" / "b" / "c", UsageError)
    finally:
        os.umask(old_umask)
    made = [tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"]
    assert [_mode(p) for p in made] == [0o700] * 3
    assert _mode(tmp_path) == 0o755  # not ours: left alone


def test_our_platform_folder_is_made_private_and_an_override_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = tmp_path / "cache" / "posture"
    ours.mkdir(parents=True, mode=0o755)
    ours.chmod(0o755)  # as an older version made it
    monkeypatch.delenv(paths.CACHE_DIR_ENV, raising=False)
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: str(ours))
    assert paths.cache_dir() == ours and _mode(ours) == 0o700
    chosen = tmp_path / "chosen"
    chosen.mkdir(mode=0o755)
    chosen.chmod(0o755)
    monkeypatch.setenv(paths.CACHE_DIR_ENV, str(chosen))
    assert paths.cache_dir() == chosen and _mode(chosen) == 0o755


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    stale, fresh = tmp_path / ".profile-abc.tmp", tmp_path / ".profile-def.tmp"
    other = tmp_path / ".other-abc.tmp"
    for path in (stale, fresh, other):
        path.write_text("half")
    os.utime(stale, (1_000_000, 1_000_000))
    os.utime(other, (1_000_000, 1_000_000))
    assert files.remove_stale_temps(tmp_path, ".profile-") == 1
    assert not stale.exists() and fresh.exists() and other.exists()
