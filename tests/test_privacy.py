"""Privacy, tested: no image is written anywhere, no network is used, files are private.

Each command runs in a subprocess under an audit hook that blocks every socket connection and
name lookup and records every file opened for writing (Python's own opens, os.open and SQLite).
Native code (MediaPipe, OpenCV) is not seen by audit hooks, so the sandbox is also scanned
afterwards for anything image-like.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from posture.adapters.system import control

HOOK = r"""
import json, os, sys
written = set()
def hook(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.sendto", "urllib.Request"):
        raise OSError("network blocked by the privacy test")
    if event == "open":
        path, mode, flags = args
        frame = sys._getframe(1)
        while frame is not None:  # ctypes' find_library probes gcc with throwaway temp files
            if frame.f_code.co_filename.endswith(os.path.join("ctypes", "util.py")):
                return
            frame = frame.f_back
        wants = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int)
            and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND))
        if wants and isinstance(path, (str, bytes, os.PathLike)):
            written.add(os.path.abspath(os.fsdecode(path)))
    if event == "sqlite3.connect":
        written.add(os.path.abspath(os.fsdecode(args[0])))
sys.addaudithook(hook)
from posture.cli.program import main
code = main(sys.argv[1:])
report = os.environ["PRIVACY_REPORT"]
fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps(sorted(written - {os.path.abspath(report)})).encode())
os.close(fd)
sys.exit(code)
"""

IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"BM6", b"RIFF")


def guarded(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, list[str], str]:
    report = cwd / "privacy.json"
    env = env | {"PRIVACY_REPORT": str(report)}
    result = subprocess.run(
        [sys.executable, "-c", HOOK, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.umask(0o022),  # the usual umask: group and others may read
    )
    written = json.loads(report.read_text()) if report.exists() else []
    report.unlink(missing_ok=True)
    return result.returncode, written, result.stderr


def image_like(path: Path) -> bool:
    data = path.read_bytes()
    return any(magic in data for magic in IMAGE_MAGIC)


@pytest.fixture
def sandbox(cli_env: dict[str, str], tmp_path: Path) -> tuple[dict[str, str], Path]:
    work = tmp_path / "work"
    work.mkdir()
    return cli_env | {"TMPDIR": str(tmp_path / "tmp")}, work


def commands(data: Path, work: Path) -> list[list[str]]:
    upright = sorted((data / "front/slouching-or-not/upright").glob("*.jpg"))[:5]
    clip = str(data / "video/front-still-d13.mp4")
    profile = str(work / "profile.json")
    return [
        ["analyze", "--json", str(upright[0]), clip],
        ["calibrate", "--source", *map(str, upright), "--profile", profile],
        ["analyze", "--profile", profile, str(upright[1])],
        ["run", "--source", clip, "--db", str(work / "h.db"), "--no-notify", "--json"],
        ["stretch", "head-turns", "--source", clip, "--db", str(work / "h.db"), "--json"],
        ["report", "--db", str(work / "h.db"), "--json"],
        ["config"],
        ["pause", "1m"],
        ["resume"],
    ]


ALLOWED = (
    ".db",
    ".db-wal",
    ".db-shm",
    ".db-journal",
    "profile.json",
    "control.json",
    "running-",
    ".running-",
    ".control-",
    ".profile-",
    "status.json",
    ".status-",
)


def test_no_image_is_written_and_no_network_is_used(
    sandbox: tuple[dict[str, str], Path], data_dir: Path
) -> None:
    env, work = sandbox
    for args in commands(data_dir, work):
        with contextlib.ExitStack() as running:
            if args[0] in ("pause", "resume"):  # they talk to a running monitor: this process
                running.enter_context(control.PidFile(Path(env["POSTURE_STATE_DIR"])))
            code, written, err = guarded(args, env, work)
        assert code == 0, f"{args[0]}: {err}"
        for path in written:
            if path == os.devnull:  # where MediaPipe's start-up chatter goes
                continue
            name = Path(path).name
            assert name.endswith(ALLOWED) or name.startswith(ALLOWED), f"{args[0]} wrote {path}"
    roots = [work, *(Path(env[f"POSTURE_{n}_DIR"]) for n in ("CONFIG", "DATA", "STATE", "CACHE"))]
    files = [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]
    assert files and not [p for p in files if image_like(p)]
    assert not [p for p in files if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".mp4", ".npy")]


def test_what_is_stored_is_readable_by_the_user_only(
    sandbox: tuple[dict[str, str], Path], data_dir: Path
) -> None:
    env, work = sandbox
    for args in commands(data_dir, work)[:4]:
        assert guarded(args, env, work)[0] == 0
    for path in (work / "h.db", work / "profile.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    control = Path(env["POSTURE_STATE_DIR"])
    assert stat.S_IMODE(control.stat().st_mode) == 0o700
    for path in control.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


def test_reports_are_private_and_no_symlink_is_written_through(
    sandbox: tuple[dict[str, str], Path], data_dir: Path
) -> None:
    env, work = sandbox
    victim = work / "someone-elses.txt"
    victim.write_text("precious")
    state = Path(env["POSTURE_STATE_DIR"])
    state.mkdir(mode=0o700)
    (state / "running.pid").symlink_to(victim)  # the pid file of an older version, linked
    clip = str(data_dir / "video/front-still-d13.mp4")
    db = str(work / "h.db")
    assert (
        guarded(["run", "--source", clip, "--db", db, "--no-notify", "--json"], env, work)[0] == 0
    )
    html, table = work / "r.html", work / "r.csv"
    report = ["report", "--db", db, "--html", str(html), "--csv", str(table)]
    assert guarded(report, env, work)[0] == 0
    assert [stat.S_IMODE(p.stat().st_mode) for p in (html, table)] == [0o600, 0o600]
    for flag, name in (("--html", "linked.html"), ("--csv", "linked.csv")):
        (work / name).symlink_to(victim)
        code, _, err = guarded(["report", "--db", db, flag, str(work / name)], env, work)
        assert code == 2 and "symbolic link" in err and "Traceback" not in err
    assert victim.read_text() == "precious"
    assert not [p for p in work.iterdir() if p.name.endswith(".tmp")]


def test_the_model_download_is_the_only_network_use(sandbox: tuple[dict[str, str], Path]) -> None:
    env, work = sandbox
    env = {k: v for k, v in env.items() if k != "POSTURE_MODEL"}  # no model: it must download
    code, _, err = guarded(["model", "fetch"], env, work)
    assert code == 2 and "network blocked by the privacy test" in err and "Traceback" not in err
