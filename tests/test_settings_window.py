"""The settings window on a real display (Xvfb) beside a running monitor watching a recording of
a man sitting hunched: a bad forward_hold_s typed with xdotool shows its error beside the field
and writes nothing; a good one is written into the settings file (its comment kept) and the
running monitor's forward-head alert follows it at once, with no restart."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from desktop_session import Desktop
from test_cli import start
from test_stretch_window import hunched_clip, poll

DRIVER = Path(__file__).with_name("settings_window_driver.py")
CONFIG = "# mine\n[monitor]\nforward_hold_s = 600  # ten minutes\n"


def _type_into(desktop: Desktop, at: list[int], text: str) -> None:
    x, y = (str(v) for v in at)
    desktop.run("xdotool", "mousemove", x, y, "click", "--repeat", "3", "1")
    desktop.run("xdotool", "key", "ctrl+a", "BackSpace")
    desktop.run("xdotool", "type", "--delay", "50", text)


def _next(process: subprocess.Popen[str]) -> dict[str, Any]:
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line, process.stderr.read() if process.stderr else ""
    return dict(json.loads(line))


def test_a_bad_value_shows_beside_its_field_and_a_good_one_retunes_the_running_monitor(
    desktop: Desktop, cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    env = desktop.env_for(cli_env)
    config = Path(env["POSTURE_CONFIG_DIR"]) / "posture.toml"
    config.parent.mkdir(parents=True)
    config.write_text(CONFIG)
    clip = hunched_clip(data_dir, tmp_path / "hunched.mp4", 120)
    argv = ["run", "--source", str(clip), "--realtime", "--no-tray", "--json"]
    argv += ["--set", "arrival_s=0", "--db", str(tmp_path / "h.db")]
    run = start(argv, env)
    seen: list[str] = []  # the run's JSON lines as they come
    reader = threading.Thread(target=lambda: seen.extend(iter(run.stdout.readline, "")))  # type: ignore[union-attr]
    reader.start()
    window = subprocess.Popen(
        [sys.executable, str(DRIVER), str(tmp_path), str(config)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        state = Path(env["POSTURE_STATE_DIR"])
        poll(lambda: any(state.glob("running-*.pid")), "the monitor", 60)
        places = _next(window)
        _type_into(desktop, places["field_at"], "0")
        desktop.run("xdotool", "mousemove", *map(str, places["save_at"]), "click", "1")
        bad = _next(window)
        assert bad["errors"] == {"forward_hold_s": "must be 1-7200 s"}
        assert bad["status"].startswith("Not saved") and bad["applied_utc"] is None
        assert config.read_text() == CONFIG

        time.sleep(3)  # the monitor has watched a hunched head for a while: under the old 10 min
        _type_into(desktop, places["field_at"], "3")
        desktop.run("xdotool", "mousemove", *map(str, places["save_at"]), "click", "1")
        good = _next(window)
        assert good["errors"] == {} and good["status"].startswith("Saved to"), good
        assert config.read_text() == CONFIG.replace("600  #", "3  #")
        saved_utc = good["applied_utc"]
        poll(lambda: '"forward_head_alert"' in "".join(seen), "the forward-head alert", 60)
    finally:
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=60)
        reader.join(timeout=10)
        err = run.stderr.read() if run.stderr else ""
        window.kill()
    assert run.returncode == 0 and "Traceback" not in err, err
    events = [json.loads(line) for line in seen if line.startswith("{")]
    forward = [e["t"] for e in events if e["kind"] == "forward_head_alert"]
    assert forward, [e["kind"] for e in events]
    assert saved_utc <= forward[0] < saved_utc + 30  # right after Save, not after 10 minutes


MISSING_SCRIPT = """
import json, sys
from pathlib import Path
from posture.desktop.qt_app import application
from posture.desktop.settings_window import SettingsWindow

application()
window = SettingsWindow(Path(sys.argv[1]), lambda: None)
print(json.dumps({"status": window.status.text(), "hold": window.fields["forward_hold_s"]
                  .control.text(), "tabs": [window.tabs.tabText(i) for i in range(5)]}))
"""


def test_before_there_is_a_settings_file_the_window_shows_the_defaults(
    desktop: Desktop, tmp_path: Path
) -> None:
    missing = tmp_path / "posture.toml"
    done = subprocess.run(
        [sys.executable, "-c", MISSING_SCRIPT, str(missing)],
        env=desktop.env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.splitlines()[-1])
    assert shown == {
        "status": "",
        "hold": "60",
        "tabs": ["Alerts", "Breaks", "Camera", "Privacy and data", "Advanced"],
    }
    assert not missing.exists()
