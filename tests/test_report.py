"""Reports on a hand-built history whose answers are known: local days, midnight, DST."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import BERLIN, Builder, at

from posture.app import report as app_report


def test_a_known_day(known_day: Path) -> None:
    span, _ = app_report.load_span(known_day, date(2026, 11, 16), date(2026, 11, 16), BERLIN)
    d = span.days[0]
    assert d.monitored_s == pytest.approx(3 * 3600, abs=20)
    assert d.present_s == pytest.approx(3 * 3600, abs=20)
    assert d.forward_share == pytest.approx(1 / 3, abs=0.01)
    assert d.median_deg == 15.0 and d.p90_deg == 32.0
    assert d.longest_forward_s == pytest.approx(3600, abs=20)
    assert d.longest_forward_from == datetime(2026, 11, 16, 10, 0, tzinfo=BERLIN)
    assert d.longest_still_s == pytest.approx(2 * 3600 - 10, abs=1)
    assert d.still_periods_over == 2  # 09-11 and 11-12: both past the 1200 s alert
    assert d.breaks == 1
    forward = d.alerts["forward_head_alert"]
    assert (forward.raised, forward.acted_on, forward.skipped, forward.ignored) == (2, 1, 1, 0)
    assert d.stretches == {
        "suggested": 2,
        "completed": 0,
        "partial": 0,
        "skipped": 1,
        "ignored": 1,
    }
    assert d.worst_hour == 10 and d.hours[10].forward_share == 1.0
    assert d.hours[9].good_share == 1.0 and d.hours[12].present_s == 0.0


def test_an_empty_day_says_so_and_its_neighbours_are_compared(known_day: Path) -> None:
    span, _ = app_report.load_span(known_day, date(2026, 11, 17), date(2026, 11, 17), BERLIN)
    assert span.days[0].empty and span.totals()["forward_share"] is None
    assert span.previous["forward_share"] == pytest.approx(1 / 3, abs=0.01)  # the 16th
    assert span.previous["alerts"] == 2 and span.previous["breaks"] == 1


def test_a_session_across_midnight_is_split_into_local_days(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    b = Builder(db)
    b.samples(at(date(2026, 11, 16), 22), 4 * 3600)  # 22:00 to 02:00
    b.close()
    span, _ = app_report.load_span(db, date(2026, 11, 16), date(2026, 11, 17), BERLIN)
    first, second = span.days
    assert first.monitored_s == pytest.approx(2 * 3600, abs=20)
    assert second.monitored_s == pytest.approx(2 * 3600, abs=20)
    assert first.hours[23].present_s == pytest.approx(3600, abs=20)
    assert second.hours[0].present_s == pytest.approx(3600, abs=20)


def test_the_day_clocks_go_back_has_25_hours(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    b = Builder(db)
    day = date(2026, 10, 25)  # Berlin: 03:00 CEST becomes 02:00 CET
    start = datetime(2026, 10, 25, tzinfo=BERLIN).timestamp()
    end = datetime(2026, 10, 26, tzinfo=BERLIN).timestamp()
    b.samples(start, int(end - start))
    b.close()
    span, _ = app_report.load_span(db, day, day, BERLIN)
    d = span.days[0]
    assert d.monitored_s == pytest.approx(25 * 3600, abs=20)
    assert d.hours[2].present_s == pytest.approx(2 * 3600, abs=20)  # 02:00-03:00 twice
    assert d.hours[3].present_s == pytest.approx(3600, abs=20)
    spring = date(2026, 3, 29)  # and the day they go forward has 23
    s0 = datetime(2026, 3, 29, tzinfo=BERLIN).timestamp()
    s1 = datetime(2026, 3, 30, tzinfo=BERLIN).timestamp()
    assert (s1 - s0) / 3600 == 23
    b2 = Builder(tmp_path / "spring.db")
    b2.samples(s0, int(s1 - s0))
    b2.close()
    spring_span, _ = app_report.load_span(tmp_path / "spring.db", spring, spring, BERLIN)
    assert spring_span.days[0].monitored_s == pytest.approx(23 * 3600, abs=20)
    assert spring_span.days[0].hours[2].present_s == 0.0  # 02:00-03:00 never happened


def test_the_same_instant_is_a_different_day_elsewhere(known_day: Path) -> None:
    tokyo = ZoneInfo("Asia/Tokyo")  # 09:00-12:00 Berlin is 17:00-20:00 in Tokyo
    span, _ = app_report.load_span(known_day, date(2026, 11, 16), date(2026, 11, 16), tokyo)
    assert span.days[0].hours[17].present_s == pytest.approx(3600, abs=20)
