"""No network from native code: the camera commands run under strace, which sees every thread.

The privacy test's audit hook only sees Python. MediaPipe's own native code could open a socket
unseen (1.x and 0.10.35 do: a usage-logging client looks up a Google host), so `analyze`, `run`,
`calibrate` and `stretch` run here under `strace -f`, and any connect or send to an IPv4/IPv6
address fails the test; local AF_UNIX sockets are fine. A proxy address on a closed local port is
set, so an HTTP client reveals itself by connecting to it even where name lookups go elsewhere
(nscd). `posture model fetch` is the one allowed network use and is not run here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SYSCALLS = "connect,sendto,sendmsg,sendmmsg"
# A syscall line of strace -f: "PID name(args) = result", or the "<unfinished ...>" first half.
CALL = re.compile(r"^\d+\s+(connect|sendto|sendmsg|sendmmsg)\(")
INET = re.compile(r"sa_family=AF_INET6?\b")
CLOSED_PORT_PROXY = "http://127.0.0.1:9"  # discard port: nothing listens, nothing leaves


def inet_calls(trace: str) -> list[str]:
    """The lines of a trace that connect or send to an IPv4/IPv6 address."""
    return [line for line in trace.splitlines() if CALL.match(line) and INET.search(line)]


@pytest.fixture(scope="session")
def strace() -> str:
    """strace (.ci/run installs Debian's); CI fails rather than skips without it."""
    found = shutil.which("strace")
    if found:
        return found
    message = "strace not found (apt-get install strace)"
    if os.environ.get("POSTURE_REQUIRE_ASSETS") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def traced_env(cli_env: dict[str, str]) -> dict[str, str]:
    """The CLI environment with every proxy variable pointed at a closed local port."""
    env = {k: v for k, v in cli_env.items() if k.lower() not in ("no_proxy", "all_proxy")}
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        env[name] = env[name.upper()] = CLOSED_PORT_PROXY
    return env


def traced(
    strace: str, argv: list[str], env: dict[str, str], trace: Path
) -> subprocess.CompletedProcess[str]:
    """Run argv under strace following every thread and child; the trace goes to a file."""
    return subprocess.run(
        [strace, "-f", "--seccomp-bpf", "-qq", "-e", f"trace={SYSCALLS}", "-o", str(trace), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def camera_command(name: str, data: Path, work: Path) -> list[str]:
    upright = [str(p) for p in sorted((data / "front/slouching-or-not/upright").glob("*.jpg"))]
    clip = str(data / "video/front-still-d13.mp4")
    db, profile = str(work / "h.db"), str(work / "profile.json")
    return {
        "analyze": ["analyze", "--json", upright[0], clip],
        "run": ["run", "--source", clip, "--duration", "3s", "--db", db, "--no-notify", "--json"],
        "calibrate": ["calibrate", "--source", *upright[:5], "--profile", profile, "--no-preview"],
        "stretch": ["stretch", "head-turns", "--source", clip, "--db", db, "--json"],
    }[name]


@pytest.mark.parametrize("name", ["analyze", "run", "calibrate", "stretch"])
def test_a_camera_command_uses_no_network_even_from_native_code(
    name: str, strace: str, traced_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    args = camera_command(name, data_dir, tmp_path)
    trace = tmp_path / f"{name}.trace"
    result = traced(strace, [sys.executable, "-m", "posture", *args], traced_env, trace)
    assert result.returncode == 0, result.stderr
    found = inet_calls(trace.read_text())
    assert not found, f"posture {name} used the network:\n" + "\n".join(found[:5])


CANARY = """
import socket, threading
def reach() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", ("127.0.0.1", 9))
    with socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("::1", 9))
        except OSError:
            pass
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        try:
            s.connect("/nonexistent-posture-test")
        except OSError:
            pass
worker = threading.Thread(target=reach)
worker.start()
worker.join()
"""


def test_the_check_sees_a_thread_reach_for_the_network(strace: str, tmp_path: Path) -> None:
    """The harness is not blind: a send and a connect made from a second thread are caught."""
    trace = tmp_path / "canary.trace"
    result = traced(strace, [sys.executable, "-c", CANARY], dict(os.environ), trace)
    assert result.returncode == 0, result.stderr
    text = trace.read_text()
    found = inet_calls(text)
    assert [line for line in found if "sendto(" in line and "AF_INET," in line], text
    assert [line for line in found if "connect(" in line and "AF_INET6" in line], text
    assert "AF_UNIX" in text and not [line for line in found if "AF_UNIX" in line]


TRACE_LINES = [  # (a line as strace -f writes it, whether it is network use)
    ('12 connect(6, {sa_family=AF_UNIX, sun_path="/run/nscd/socket"}, 110) = -1 ENOENT', False),
    ("12 connect(6, {sa_family=AF_INET, sin_port=htons(53), ...}, 16) = 0", True),
    ('13 sendto(7, "x", 1, 0, {sa_family=AF_INET6, ...}, 28 <unfinished ...>', True),
    ("13 <... sendto resumed>) = 1", False),
    ("14 sendmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0}, ...}, 0) = 20", False),
    ("15 sendmmsg(6, [{msg_hdr={msg_name={sa_family=AF_INET, ...}, ...}}], 2, 0) = 2", True),
    ("15 +++ exited with 0 +++", False),
]


def test_only_connects_and_sends_to_inet_addresses_count() -> None:
    found = inet_calls("\n".join(line for line, _ in TRACE_LINES))
    assert found == [line for line, network in TRACE_LINES if network]
