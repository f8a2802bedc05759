"""`posture report` and `posture demo` as a user runs them; the HTML in a real browser."""

from __future__ import annotations

import csv
import html
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest
from conftest import Builder, at, chromium_run, chromium_screenshot
from test_cli import assert_one_line_error, run

SECTIONS = (
    "monitored",
    "posture: good",
    "longest forward head",
    "neck: longest still",
    "sitting: longest",
    "alerts: forward head",
    "stretches:",
    "good posture by hour",
    "worst hour",
)


def demo_run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The demo plays a whole workday through the monitor: about 40 CPU seconds, minutes of
    wall clock on a busy machine, so its deadline is longer than other commands'."""
    return subprocess.run(
        [sys.executable, "-m", "posture", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, model_path: Path) -> tuple[str, Path, Path]:
    folder = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in __import__("os").environ.items()}
    env["POSTURE_MODEL"] = str(model_path)
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"POSTURE_{name}_DIR"] = str(folder / name.lower())
    db, page = folder / "demo.db", folder / "demo.html"
    result = demo_run(["demo", "--db", str(db), "--html", str(page), "--tz", "Europe/Berlin"], env)
    assert result.returncode == 0, result.stderr
    return result.stdout, db, page


def test_the_demo_reports_every_section_and_says_it_is_simulated(demo: tuple) -> None:
    out, db, page = demo
    assert out.startswith("SIMULATED")
    hours = out.splitlines()[1].split()  # the hours as they played: the wait is not silent
    assert len(hours) >= 8 and hours == sorted(hours) and all(h.endswith(":00") for h in hours)
    for section in SECTIONS:
        assert section in out, section
    with sqlite3.connect(db) as con:
        kinds = {k for (k,) in con.execute("SELECT DISTINCT kind FROM events")}
        stretches = con.execute("SELECT count(*) FROM stretches").fetchone()[0]
    assert {"forward_head_alert", "still_neck_alert", "sitting_alert", "break"} <= kinds
    assert stretches > 0
    text = page.read_text()
    assert "Simulated data" in text and text.count('<svg class="chart"') == 3


def test_the_stretch_line_accounts_for_every_offer(demo: tuple) -> None:
    out, db, _ = demo
    line = next(x for x in out.splitlines() if x.strip().startswith("stretches:"))
    numbers = [
        int(word) for word in line.replace(":", " ").replace(",", " ").split() if word.isdigit()
    ]
    suggested, *parts = numbers
    assert line.rstrip().endswith("ignored") and len(parts) == 4 and sum(parts) == suggested
    with sqlite3.connect(db) as con:
        unanswered = con.execute("SELECT count(*) FROM stretches WHERE status = 'suggested'")
        assert parts[-1] == unanswered.fetchone()[0] > 0


def test_the_demo_without_db_keeps_its_day_for_report_until_the_next(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    cli_env["TMPDIR"] = str(temp)
    kept = Path(cli_env["POSTURE_DATA_DIR"]) / "demo.sqlite3"
    kept.parent.mkdir()
    kept.write_bytes(b"the last demo's day")  # the next demo replaces it
    result = demo_run(["demo", "--tz", "UTC"], cli_env)
    assert result.returncode == 0, result.stderr
    assert "`posture report --demo`" in result.stdout and str(kept) in result.stdout
    assert list(temp.iterdir()) == []
    again = run(["report", "--demo", "--tz", "UTC"], cli_env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("SIMULATED") and "posture: good" in again.stdout
    plain = run(["report", "--tz", "UTC"], cli_env)  # no webcam history: the demo, said so
    assert plain.stdout == again.stdout and "`--demo`" in plain.stderr


def _screenshot(chromium: Path, page: Path, shot: Path, width: int) -> np.ndarray:
    """The page drawn `width` px wide (a phone: in a frame that wide, see `in_frame`)."""
    shown = page if width >= 500 else in_frame(page, width)
    result = chromium_screenshot(chromium, shown, shot, max(width, 500))
    assert result.returncode == 0, result.stderr
    assert "Uncaught" not in result.stderr
    image = cv2.imread(str(shot))
    assert image is not None and image.shape[:2] == (2400, max(width, 500))
    return image[:, :width]


def _near(image: np.ndarray, rgb: str) -> int:
    """How many pixels have about this colour ('#RRGGBB')."""
    bgr = [int(rgb[i : i + 2], 16) for i in (5, 3, 1)]
    return int(np.all(np.abs(image.astype(int) - bgr) < 12, axis=2).sum())


@pytest.mark.parametrize("width", [1400, 400])
def test_the_html_report_reads_in_headless_chromium_on_a_desktop_and_a_phone(
    demo: tuple, chromium: Path, tmp_path: Path, width: int
) -> None:
    _, _, page = demo
    image = _screenshot(chromium, page, tmp_path / "shot.png", width)
    scale = (width / 1400) ** 2
    assert _near(image, "#0072B2") > 1500 * scale  # the angle dots and the sitting markers
    assert _near(image, "#009E73") > 4000 * scale  # hour bars
    hatch = _near(image, "#b4b4cc")  # not monitored: hatched strips on the baselines, no bars
    assert "#e4e4e4" not in page.read_text()  # and no grey bar drawn for it
    assert 50 * scale < hatch < 8000 * scale, hatch
    assert _near(image, "#D55E00") > 100 * scale  # forward-head markers
    assert _near(image, "#CC79A7") > 100 * scale  # still-neck markers, another shape and colour
    right = image[:, width - 8 :]  # nothing spills past a phone's edge but scrolled tables
    assert right.mean() > 200


def test_the_html_report_has_a_viewport_alt_text_and_whole_counts(demo: tuple) -> None:
    _, _, page = demo
    text = page.read_text()
    assert 'name="viewport"' in text and "<img" not in text  # charts are SVG with labels
    labels = re.findall(r'aria-label="([^"]+)"', text)
    assert len(labels) >= 3 and all(len(x) > 40 for x in labels)
    assert any("Head-forward angle on" in x and "monitored from" in x for x in labels)
    assert "not monitored" in text and "What to change" in text
    for figure in ("longest sitting", "acted on", "skipped", "worst hour", "partial"):
        assert figure in text, figure
    assert not re.search(r"\b\d+\.\d+ (alerts|breaks|periods)", text)


def test_json_and_csv_carry_the_same_figures(
    cli_env: dict[str, str],
    known_day: Path,
    tmp_path: Path,
) -> None:
    table = tmp_path / "r.csv"
    args = ["report", "--db", str(known_day), "--date", "2026-11-16", "--tz", "Europe/Berlin"]
    result = run([*args, "--json", "--csv", str(table)], cli_env)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    day = doc["days"][0]
    assert doc["type"] == "report" and doc["zone"] == "Europe/Berlin" and not doc["simulated"]
    assert day["forward_share"] == pytest.approx(1 / 3, abs=0.002)
    forward = {"raised": 2, "acted_on": 1, "snoozed": 0, "skipped": 1, "ignored": 0}
    assert day["alerts"]["forward_head_alert"] == forward
    assert day["worst_hour"] == 10 and len(day["hours"]) == 24
    rows = list(csv.DictReader(table.open()))
    assert rows[0]["hour"] == "all" and float(rows[0]["forward_share"]) == day["forward_share"]
    assert [r["hour"] for r in rows[1:]] == ["9", "10", "11"]


def test_the_terminal_report_of_a_day_and_of_a_week(
    cli_env: dict[str, str],
    known_day: Path,
) -> None:
    base = ["report", "--db", str(known_day), "--tz", "Europe/Berlin"]
    day = run([*base, "--date", "2026-11-16"], cli_env)
    assert day.returncode == 0, day.stderr
    assert "head forward 33%" in day.stdout and "worst hour: 10:00-11:00" in day.stdout
    week = run([*base, "--date", "2026-11-18", "--week"], cli_env)
    lines = week.stdout.splitlines()
    assert lines[0].startswith("posture report, Thu 12 Nov to Wed 18 Nov 2026")
    assert sum("not monitored" in line for line in lines) == 6
    assert "in all:" in week.stdout
    empty = run([*base, "--date", "2026-11-17"], cli_env)
    assert "nothing was monitored on this day" in empty.stdout


def test_a_day_seen_less_than_a_minute_an_hour_says_so_instead_of_an_empty_line(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    db = tmp_path / "short.db"
    history = Builder(db)
    history.samples(at(date(2026, 11, 16), 9.0), 40)  # 40 s at 09:00
    history.close()
    day = run(["report", "--db", str(db), "--tz", "Europe/Berlin", "--date", "2026-11-16"], cli_env)
    assert day.returncode == 0, day.stderr
    line = next(x for x in day.stdout.splitlines() if "good posture by hour" in x)
    assert line.split(":", 1)[1].strip() == "(no hour had a minute of you in view)"


def test_bad_input_is_one_line(cli_env: dict[str, str], tmp_path: Path, demo: tuple) -> None:
    missing = tmp_path / "none.db"
    assert_one_line_error(run(["report", "--db", str(missing)], cli_env), "no history at")
    assert not missing.exists()
    corrupt = tmp_path / "bad.db"
    corrupt.write_bytes(b"not sqlite at all" * 50)
    assert_one_line_error(run(["report", "--db", str(corrupt)], cli_env), "not a posture history")
    assert corrupt.read_bytes().startswith(b"not sqlite")
    assert_one_line_error(run(["report", "--date", "21/11/2026"], cli_env), "--date must be")
    assert_one_line_error(run(["report", "--from", "2026-11-01"], cli_env), "go together")
    assert_one_line_error(run(["report", "--tz", "Mars/Base"], cli_env), "unknown time zone")
    _, db, _ = demo
    assert_one_line_error(run(["demo", "--db", str(db)], cli_env), "exists")
    assert date.today()  # the report's default day is today's, in the local zone


MEASURE = """<script>
addEventListener('load', () => {
  const W = document.documentElement.clientWidth, out = {viewport: W};
  out.page_overflow = document.documentElement.scrollWidth - W;
  const table = document.querySelector('table.days');
  out.table_overflow = table ? table.getBoundingClientRect().right - W : 0;
  out.table_columns = table ? [...table.rows[0].cells].filter(
    c => getComputedStyle(c).display !== 'none').length : 0;
  out.clipped_headers = [...document.querySelectorAll('th')].filter(
    th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent);
  out.wrapped_cards = [...document.querySelectorAll('.card b')].filter(
    b => b.getClientRects().length > 1 || b.scrollWidth > b.clientWidth + 1
  ).map(b => b.textContent);
  out.clipped_labels = []; out.overlaps = []; out.smallest_px = 1e9;
  for (const svg of document.querySelectorAll('svg.chart')) {
    const vb = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / vb.width;
    const shown = [...svg.querySelectorAll('text')].filter(
      t => getComputedStyle(t).display !== 'none').map(t => [t.textContent, t.getBBox(), t]);
    for (const [text, b, t] of shown) {
      if (b.x < -0.5 || b.x + b.width > vb.width + 0.5) out.clipped_labels.push(text);
      out.smallest_px = Math.min(out.smallest_px, parseFloat(getComputedStyle(t).fontSize) * scale);
    }
    for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i][1], c = shown[j][1];
      const apart = a.x >= c.x + c.width || c.x >= a.x + a.width;
      if (!apart && a.y < c.y + c.height && c.y < a.y + a.height)
        out.overlaps.push(shown[i][0] + ' / ' + shown[j][0]);
    }
  }
  const host = window.parent !== window ? parent.document : document;
  const pre = host.createElement('pre');
  pre.id = 'measured'; pre.textContent = JSON.stringify(out); host.body.appendChild(pre);
});
</script>"""
"""Measures the page as laid out: overflow, clipped or wrapped text, overlapping chart labels,
the smallest chart text in CSS pixels; written into the top page for --dump-dom to return."""


def in_frame(page: Path, width: int) -> Path:
    """A page holding `page` in a frame `width` px wide: headless Chromium lays a window out at
    least 500 px wide whatever --window-size says, so a phone is a frame, not a window."""
    host = page.with_name(f"frame-{width}-{page.name}")
    host.write_text(
        f'<!doctype html><body style="margin:0"><iframe src="{page.name}" '
        f'style="width:{width}px;height:2400px;border:0"></iframe></body>'
    )
    return host


@pytest.fixture(scope="module")
def demo_week(demo: tuple, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo day's week as an HTML page: one day monitored, six not."""
    _, db, _ = demo
    page = tmp_path_factory.mktemp("week") / "week.html"
    env = dict(os.environ, POSTURE_DATA_DIR=str(page.parent / "data"))
    args = ["report", "--db", str(db), "--week", "--html", str(page), "--tz", "Europe/Berlin"]
    assert run(args, env).returncode == 0
    return page


@pytest.mark.parametrize("width", [1400, 400])
def test_the_week_report_lays_out_on_a_desktop_and_a_phone(
    demo: tuple, demo_week: Path, chromium: Path, tmp_path: Path, width: int
) -> None:
    for page in (demo[2], demo_week):
        measured = tmp_path / f"measured-{page.name}"
        measured.write_text(page.read_text().replace("</body>", MEASURE + "</body>"))
        flags = ("--allow-file-access-from-files", "--window-size=1400,2400", "--dump-dom")
        result = chromium_run(chromium, in_frame(measured, width), tmp_path / "scratch", *flags)
        assert result.returncode == 0, result.stderr
        found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, re.S)
        assert found, result.stdout[-500:]
        m = json.loads(html.unescape(found.group(1)))
        assert m["page_overflow"] <= 0 and m["table_overflow"] <= 0, m
        assert m["clipped_headers"] == [] and m["wrapped_cards"] == [], m
        assert m["clipped_labels"] == [] and m["overlaps"] == [], m
        assert m["viewport"] == width and m["smallest_px"] >= 9.0, m
        if page == demo_week:
            assert m["table_columns"] == (6 if width > 600 else 5), m


def test_not_monitored_is_drawn_as_absence_not_a_value() -> None:
    from posture.adapters.report import svg

    chart = svg.bars(["09", "10", "11"], [0.8, None, 0.0], "t", svg.GREEN, "label")
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', chart)]
    assert max(heights) > 100  # the monitored hour
    assert sorted(heights)[:2] == [0.0, svg.ABSENT_H]  # 0%: no height; not monitored: a strip
    assert svg.LIGHT not in chart and "10: not monitored" in chart
