"""Words from files never act where they are shown: a formula in a CSV cell, markup in a
notification, an escape on the terminal (issue 28, items 12-14)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from conftest import BERLIN, at
from desktop_session import Desktop
from test_cli import run

from posture.adapters.notify.dbus import FreedesktopServer
from posture.adapters.notify.note import Note
from posture.adapters.notify.notifier import TerminalNotifier
from posture.adapters.store.store import Store
from posture.core.alerts import Alert
from posture.core.data import StretchResult
from posture.core.escape import csv_cell, markup, terminal
from posture.core.stretches.catalogue import parse

FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m"
"""A window title set, the screen cleared, an 8-bit CSI: what a name must not do."""


def test_the_three_rules() -> None:
    assert [csv_cell(f) for f in FORMULAS] == ["'" + f for f in FORMULAS]
    assert [csv_cell(v) for v in (-3.5, 0, "camera 0", "a=b")] == [-3.5, 0, "camera 0", "a=b"]
    assert markup('<b>x</b> & <img src="https://e/i.png">') == (
        '&lt;b&gt;x&lt;/b&gt; &amp; &lt;img src="https://e/i.png"&gt;'
    )
    assert terminal(f"a{ESCAPES}b\n") == "a\\x1b]0;owned\\x07\\x1b[2J\\x9b31mb\\n"


def test_a_csv_export_starts_no_cell_with_a_formula(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    with Store(db, time.monotonic) as store:
        store.start_session(at_day(9), "=cmd|' /C calc'!A0", {})
        for n, stretch_id in enumerate(["+evil", "-2+3", "@SUM(A1)"]):
            row = store.suggest_stretch(at_day(10 + n), stretch_id, "forward_head_alert")
            result = StretchResult(stretch_id, "completed", 1, 1, False, 5.0)
            store.record_stretch(row, at_day(10.1 + n), result)
    args = ["history", "export", "--db", str(db), "--format"]
    exported = run([*args, "csv"], cli_env)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"], cells
    ids = [row["stretch_id"] for row in rows if row["table"] == "stretches"]
    assert ids == ["'+evil", "'-2+3", "'@SUM(A1)"]
    assert "'=cmd|' /C calc'!A0" in cells
    as_json = json.loads(run([*args, "json"], cli_env).stdout)  # JSON keeps the text as it is
    assert [s["stretch_id"] for s in as_json["stretches"]] == ["+evil", "-2+3", "@SUM(A1)"]


def at_day(hour: float) -> float:
    return at(date(2026, 11, 16), hour, BERLIN)


HOSTILE = f"""
[[stretch]]
id = "chin-tucks"
name = "Tuck{ESCAPES} <b>bold</b>"
helps = ["forward_head", "still_neck"]
steps = ["Step one{ESCAPES}", "Step two"]
hold_s = 0.3
reps = 1
rest_s = 0.5
cautions = ["Careful{ESCAPES}"]
"""
HOSTILE_TOML = (
    HOSTILE.replace("\x1b", "\\u001b").replace("\x07", "\\u0007").replace("\x9b", "\\u009b")
)
"""The same in TOML, which writes control characters as escapes."""


def test_terminal_escapes_from_the_catalogue_are_never_printed(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    config = Path(cli_env["POSTURE_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "stretches.toml").write_text(HOSTILE_TOML)
    listed = run(["stretch", "--list"], cli_env)
    assert listed.returncode == 0, listed.stderr
    assert re.search(r"^chin-tucks +Tuck\\x1b]0;owned", listed.stdout, re.M), listed.stdout
    clip = data_dir / "video/front-still-d13.mp4"
    guided = run(
        ["stretch", "chin-tucks", "--source", str(clip), "--db", str(tmp_path / "h")], cli_env
    )
    assert guided.returncode == 0, guided.stderr
    assert "Step one\\x1b" in guided.stdout and "Careful\\x1b" in guided.stdout
    for output in (listed.stdout, guided.stdout, guided.stderr):
        assert not set(output) & {"\x1b", "\x07", "\x9b"}


def test_the_terminal_notifier_prints_a_stretch_name_escaped() -> None:
    stream = io.StringIO()
    TerminalNotifier(stream).notify(Alert("Head forward", f"Try: Tuck{ESCAPES}.", False))
    said = stream.getvalue()
    assert said.startswith("\a\n") and "Try: Tuck\\x1b" in said  # its own bell, then the line
    assert not set(said[1:]) & {"\x1b", "\x07", "\x9b"}


def test_a_notification_body_reaches_a_markup_server_escaped(desktop: Desktop) -> None:
    """dunst advertises body-markup: the body as the server received it, seen on the bus."""
    address = desktop.env["DBUS_SESSION_BUS_ADDRESS"]
    rule = "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"
    with subprocess.Popen(
        ["dbus-monitor", "--address", address, rule],
        stdout=subprocess.PIPE,
        text=True,
    ) as monitor:
        assert monitor.stdout is not None
        while "NameLost" not in (line := monitor.stdout.readline()):  # it became a monitor
            assert line, "dbus-monitor ended"
        server = FreedesktopServer(lambda n, k: None, lambda n: None, address)
        body = 'Try: <b>Tuck</b> & <img src="https://example.invalid/i.png">.'
        try:
            nid = server.show(Note("Head forward <i>", body, icon=None))
            server.withdraw(nid)
        finally:
            server.close()
        seen = ""
        while "example.invalid" not in seen:
            line = monitor.stdout.readline()
            assert line, "dbus-monitor ended"
            seen += line
        monitor.terminate()
    assert f'string "{markup(body)}"' in seen
    assert "<img" not in seen and "<b>" not in seen


def test_the_catalogue_keeps_the_words_as_written() -> None:
    """Escaping is the output's business: the catalogue holds the text a person wrote."""
    stretch = parse(HOSTILE_TOML, "hostile.toml").get("chin-tucks")
    assert ESCAPES in stretch.name and "<b>" in stretch.name


WINDOW = """
import sys
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from posture.core.stretches.catalogue import parse
from posture.desktop.stretch_window import StretchWindow

app = QApplication([])
stretch = parse(sys.argv[1], "hostile.toml").get("chin-tucks")
window = StretchWindow(lambda command: None)
window.begin(stretch, ("<i>safety</i>",))
for label in (window.title, window.steps, window.safety):
    plain = QLabel()
    plain.setFont(label.font())
    plain.setWordWrap(label.wordWrap())
    plain.setTextFormat(Qt.TextFormat.PlainText)
    plain.setText(label.text())
    print(label.sizeHint().width() == plain.sizeHint().width(), label.text()[:12])
"""


def test_the_stretch_window_shows_markup_as_the_words_written(tmp_path: Path) -> None:
    """Qt reads a label's text as rich text when it looks like it: a name's <b> or <img> would
    act in the stretch window; every label there shows the text as written."""
    toml = HOSTILE_TOML.replace("Step one", "<b>Step</b> one").replace('"Tuck', '"<b>Tuck</b>')
    done = subprocess.run(
        [sys.executable, "-c", WINDOW, toml],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["True"] * 3, done.stdout
