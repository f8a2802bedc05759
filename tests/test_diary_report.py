"""The reports show the neck diary beside the day's figures: text, JSON, CSV and HTML."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Builder, at
from test_cli import run

from posture.core.reports.diary import make_note

MONDAY = date(2026, 11, 16)
WEEK = [MONDAY + timedelta(days=i) for i in range(7)]
TZ = ["--tz", "Europe/Berlin"]
SORE = WEEK[:3]


@pytest.fixture
def noted_week(tmp_path: Path) -> Path:
    """A week: on the 3 sore days an hour upright then an hour forward with the neck still
    throughout (2 h); on the other 4 days 2 h upright, the neck moving every 10 min."""
    db = tmp_path / "h.db"
    b = Builder(db)
    for day in WEEK:
        if day in SORE:
            b.samples(at(day, 9), 3600, angle=14.0)
            b.samples(at(day, 10), 3600, angle=33.0, still_from=at(day, 9))
            b.store.add_note(at(day, 20), make_note(day, 6, ["pain"]), at(day, 20))
        else:
            for k in range(12):
                b.samples(at(day, 9 + k / 6), 600, angle=14.0)
    b.store.add_note(at(WEEK[4], 20), make_note(WEEK[4], 1, []), at(WEEK[4], 20))
    b.close()
    return db


def _report(env: dict[str, str], db: Path, *more: str) -> str:
    args = ["report", "--db", str(db), "--date", WEEK[-1].isoformat(), "--week", *TZ, *more]
    result = run(args, env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_week_text_compares_the_sore_days_with_the_others_and_advises(
    cli_env: dict[str, str], noted_week: Path
) -> None:
    text = _report(cli_env, noted_week)
    assert (
        "on the 3 days you noted your neck sore: head forward 50% of the time, longest still "
        "2 h 00 min (on average); on the other 4 days 0%, 10 min" in text
    )
    assert "too few days" not in text  # 3 and 4 days: enough to show without the caveat
    assert "neck 6/10 pain" in text and "neck 1/10" in text
    assert "3 days in a row" in text and "advise seeing a doctor" in text


def test_the_week_json_csv_and_html_carry_the_diary(
    cli_env: dict[str, str], noted_week: Path, tmp_path: Path
) -> None:
    out_csv, out_html = tmp_path / "r.csv", tmp_path / "r.html"
    doc = json.loads(_report(cli_env, noted_week, "--json", "--csv", str(out_csv)))
    assert [d["diary"] and d["diary"]["level"] for d in doc["days"]] == [
        6,
        6,
        6,
        None,
        1,
        None,
        None,
    ]
    found = doc["diary"]["comparison"]
    assert found["sore"]["days"] == 3 and found["enough_days"] is True
    assert found["sore"]["forward_share"] == pytest.approx(0.5, abs=0.005)
    assert found["sore"]["longest_still_s"] == pytest.approx(7200, abs=10)
    assert found["other"]["days"] == 4 and found["other"]["forward_share"] == 0.0
    assert doc["diary"]["doctor_advice"]["reason"] == "days_in_a_row"
    assert doc["diary"]["doctor_advice"]["day"] == SORE[-1].isoformat()
    rows = [r for r in csv.DictReader(io.StringIO(out_csv.read_text())) if r["hour"] == "all"]
    assert [(r["neck_level"], r["neck_words"]) for r in rows[:5]] == [
        ("6", "pain"),
        ("6", "pain"),
        ("6", "pain"),
        ("", ""),
        ("1", ""),
    ]
    _report(cli_env, noted_week, "--html", str(out_html))
    page = out_html.read_text()
    assert "<h2>Neck diary</h2>" in page and "not what caused what" in page
    assert page.index("Please note:") < page.index('class="cards"')  # the advice comes first


def test_a_day_report_shows_the_note_and_few_days_are_called_few(
    cli_env: dict[str, str], noted_week: Path
) -> None:
    day = run(["report", "--db", str(noted_week), "--date", SORE[0].isoformat(), *TZ], cli_env)
    assert "neck diary: 6/10 pain" in day.stdout
    assert "please note" not in day.stdout  # one day of pain is no run of days
    args = ["report", "--db", str(noted_week), "--from", str(SORE[1]), "--to", str(WEEK[3])]
    short = run([*args, *TZ], cli_env)
    assert "on the 2 days you noted your neck sore" in short.stdout
    assert "too few days to tell apart" in short.stdout
