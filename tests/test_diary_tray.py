"""The neck diary from the tray: one click per level writes today's note into the history and
says it, with the texts' advice to see a doctor when the note brings it (Qt offscreen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import rows

from posture.core.reports.diary import make_note

pytest.importorskip("PySide6", reason="the tray needs PySide6")

SCRIPT = """
import json, sys, time
from pathlib import Path
from posture.desktop.qt_app import application
from posture.desktop.actions import Actions
from posture.desktop.display import Places
from posture.desktop.tray import Tray

app = application()
db = Path(sys.argv[1])
said = []
places = Places(db, db.parent / "posture.toml", db.parent)
actions = Actions(places, lambda command: None, said.append)
tray = Tray({}, actions.note_neck)
levels = [a.text() for a in tray.neck.actions()]
next(a for a in tray.neck.actions() if a.text() == sys.argv[2]).trigger()
deadline = time.monotonic() + 30
while not said and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.02)
print(json.dumps({"levels": levels, "said": said}))
"""


def _click(db: Path, level: str, tmp_path: Path) -> dict[str, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db), level],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_a_click_notes_the_level_and_says_it(tmp_path: Path, midday: date) -> None:
    db = tmp_path / "h.db"
    shown = _click(db, "3", tmp_path)
    assert shown["levels"] == ["0 (fine)", *map(str, range(1, 10)), "10 (worst)"]
    assert shown["said"] == ["noted: your neck 3/10 today"]
    assert rows(db, "SELECT level, day FROM diary") == [(3, midday.isoformat())]


def test_an_eight_from_the_tray_brings_the_doctor_advice_once(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    said = _click(db, "8", tmp_path)["said"]
    assert len(said) == 1 and "advise seeing a doctor" in said[0]
    again = _click(db, "9", tmp_path)["said"]
    assert again == ["noted: your neck 9/10 today"]  # not twice a day


def test_pain_noted_before_and_a_six_clicked_today_make_three_days(
    tmp_path: Path, midday: date
) -> None:
    from posture.adapters.store.store import Store

    db = tmp_path / "h.db"
    today = midday
    with Store(db, lambda: 0.0) as store:
        for ago in (2, 1):
            day = today - timedelta(days=ago)
            store.add_note(0.0, make_note(day, 5, ["pain"]), 0.0)
    said = _click(db, "5", tmp_path)["said"]
    assert said == ["noted: your neck 5/10 today"]  # 5 without a word is not pain
    said = _click(db, "6", tmp_path)["said"]
    assert len(said) == 1 and "3 days in a row" in said[0]
