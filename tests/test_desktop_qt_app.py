"""The Qt bridge: the worker's items reach the GUI thread in order (more of them than would free
None under PySide6 6.12's reference bug), its value and its errors come back, a signal stops it,
and a missing display is said instead of Qt ending the process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from desktop_session import Desktop

from posture.desktop import qt_app

SCRIPT = """
import os, sys, threading, time
from posture.desktop import qt_app

main = threading.get_ident()
got = []
bridge = qt_app.Bridge(lambda item: got.append((item, threading.get_ident() == main)))
stopped = threading.Event()

COUNT = sys.getrefcount(None) + 2000  # more posts than None has references

def work():
    assert threading.get_ident() != main
    for i in range(COUNT):
        bridge.post(i)
    if sys.argv[1] == "fail":
        raise ValueError("worker failed")
    if sys.argv[1] == "wait":
        print("waiting", flush=True)
        stopped.wait(20)
        return "stopped" if stopped.is_set() else "timeout"
    return "done"

try:
    value = qt_app.run_beside(work, stopped.set)
except ValueError as exc:
    value = f"raised {exc}"
print(value)
in_main = sum(1 for _, main_thread in got if main_thread)
print(in_main == COUNT, [item for item, _ in got] == list(range(COUNT)))
"""


def _run(mode: str, tmp_path: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    script = tmp_path / "bridge.py"
    script.write_text(SCRIPT)
    return subprocess.Popen(
        [sys.executable, str(script), mode],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_void_calls_leave_none_its_references() -> None:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        qt_app.void(probe.setObjectName, "probe")
    assert sys.getrefcount(None) >= before


def test_items_from_the_worker_arrive_in_the_gui_thread_in_order(tmp_path: Path) -> None:
    out, err = _run("ok", tmp_path).communicate(timeout=60)
    assert out.splitlines() == ["done", "True True"], err


def test_an_error_of_the_worker_is_raised_in_the_main_thread(tmp_path: Path) -> None:
    out, err = _run("fail", tmp_path).communicate(timeout=60)
    assert out.splitlines() == ["raised worker failed", "True True"], err


def test_sigterm_asks_the_worker_to_stop(tmp_path: Path) -> None:
    process = _run("wait", tmp_path)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "waiting"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert out.splitlines() == ["stopped", "True True"], err
    assert process.returncode == 0


@pytest.mark.parametrize(
    ("env", "why"),
    [
        ({}, "no graphical session"),
        ({"DISPLAY": ":189"}, "the X display :189 does not answer"),
    ],
)
def test_no_display_is_said_not_fatal(
    env: dict[str, str], why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    reason = qt_app.why_no_display()
    assert reason is not None and reason.startswith(why)


def test_a_live_x_display_is_reachable(desktop: Desktop) -> None:
    env = desktop.env
    code = "from posture.desktop import qt_app; print(qt_app.why_no_display())"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.stdout.strip() == "None", done.stderr
