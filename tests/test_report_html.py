"""The HTML report's content over a week and a month: views, the comparison, what to change."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from conftest import BERLIN, Builder, at
from test_cli import run

from posture.adapters.report import html as report_html
from posture.app import report as app_report
from posture.core.monitor.kinds import EventKind
from posture.core.reports.advice import advice

FIRST = date(2026, 11, 2)


def _weeks(db: Path, days: int) -> None:
    """Workdays: the later, the less forward head; 15:00 is the worst hour; alerts ignored."""
    b = Builder(db)
    for i in range(days):
        day = FIRST + timedelta(days=i)
        if day.weekday() >= 5:
            continue  # weekends not monitored
        b.samples(at(day, 9), 3 * 3600, angle=14.0)
        b.samples(at(day, 15), 3600, angle=33.0 if i % 2 else 14.0, still_from=at(day, 9))
        b.event(at(day, 15.5), EventKind.SITTING_ALERT, 60)
    b.close()


def test_a_week_against_the_week_before(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _weeks(db, 14)
    last = FIRST + timedelta(days=13)
    span, history = app_report.load_span(db, last - timedelta(days=6), last, BERLIN, 7)
    page = report_html.render(span, history, BERLIN, 25.0)
    assert "The week view" in page and "Against the 7 days before" in page
    assert page.count("<h3>") == 5  # the five workdays' timelines; the weekend has none
    weekend = re.search(
        r'<tr><td class="day">Sat 14<span class="opt"> Nov</span></td>'
        r"<td class='none' colspan=\d+>not monitored</td></tr>",
        page,
    )
    assert weekend
    tips = advice(span)
    assert any("15:00 to 16:00" in t for t in tips)  # the worst hour
    assert any("sitting alert was ignored 5 of 5 times" in t for t in tips)
    assert "alerts a day: 1 (before: 1)" in page  # whole counts
    assert not re.search(r"\b\d+\.\d+ (alerts|breaks)", page)


def test_a_month_in_days_and_a_year_in_weeks(tmp_path: Path, cli_env: dict[str, str]) -> None:
    db = tmp_path / "h.db"
    _weeks(db, 30)
    last = FIRST + timedelta(days=29)
    span, history = app_report.load_span(db, last - timedelta(days=29), last, BERLIN, 7)
    page = report_html.render(span, history, BERLIN, 25.0)
    assert "The month view" in page and "By day" in page
    assert "The 30 days before this period were not monitored" in page
    year_first = last - timedelta(days=364)
    year, _ = app_report.load_span(db, year_first, last, BERLIN, 7)
    assert "By week" in report_html.render(year, history, BERLIN, 25.0)
    args = [
        "report",
        "--db",
        str(db),
        "--month",
        "--date",
        last.isoformat(),
        "--tz",
        "Europe/Berlin",
    ]
    text = run(args, cli_env)
    assert text.returncode == 0, text.stderr
    assert len([x for x in text.stdout.splitlines() if "not monitored" in x]) == 8  # weekends


def test_the_stretch_card_agrees_with_the_text_report(tmp_path: Path) -> None:
    """A stretch begun and not finished is partial in both: never 'done 1 of 1'."""
    from posture.cli.report_output import day_text
    from posture.core.data import StretchResult

    db, day = tmp_path / "h.db", date(2026, 11, 16)
    b = Builder(db)
    b.samples(at(day, 9), 3600, angle=14.0)
    row = b.store.suggest_stretch(at(day, 9.5), "chin-tucks", "forward_head_alert")
    b.store.record_stretch(
        row, at(day, 9.6), StretchResult("chin-tucks", "partial", 1, 5, True, 40)
    )
    b.close()
    span, history = app_report.load_span(db, day, day, BERLIN)
    page = report_html.render(span, history, BERLIN, 25.0)
    text = day_text(span.days[0], BERLIN, history.still_alert_s)
    assert "0 completed, 1 partial" in text
    card = re.search(r'<div class="card">stretches completed<b>(.*?)</b><small>(.*?)</small>', page)
    assert card and card.groups() == ("0 of 1", "1 partial, 0 skipped")
