"""The HTML report: one self-contained file, charts drawn with matplotlib and embedded as PNG.

An adapter around matplotlib (Agg backend, no display). Colours are the Okabe-Ito palette, which
stays readable for colour-blind readers.
"""

from __future__ import annotations

import base64
import html
import io
from datetime import datetime, tzinfo

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from posture.core import report_views
from posture.core.alert_table import spec
from posture.core.history import History
from posture.core.kinds import EventKind
from posture.core.report import Day, Span
from posture.core.report_views import share
from posture.core.words import duration_text

BLUE, ORANGE, GREEN, RED, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#999999"


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img alt="chart" src="data:image/png;base64,{data}">'


def timeline_chart(history: History, day: Day, zone: tzinfo, threshold: float) -> str:
    line = report_views.timeline(history, day.day, zone, max_points=1500)
    fig, ax = plt.subplots(figsize=(11, 3.2))
    ax.plot(line.times, line.angles, ".", markersize=2, color=BLUE, label="head-forward angle")
    ax.axhline(threshold, color=ORANGE, linestyle="--", linewidth=1, label="alert threshold")
    for start, end in line.breaks:
        ax.axvspan(start, end, color=GREEN, alpha=0.25, linewidth=0)
    top = max([*line.angles, threshold]) + 5
    when = [mdates.date2num(t) for t, _ in line.alerts]
    ax.plot(when, [top] * len(when), marker="v", color=RED, markersize=7, linestyle="")
    ax.plot([], [], marker="v", color=RED, linestyle="", label="alert")
    ax.fill_between([], [], color=GREEN, alpha=0.25, label="break")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=zone))
    ax.set_ylabel("head forward (deg)")
    ax.set_title(f"{day.day:%A %d %B %Y}: head-forward angle through the day")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), fontsize=8, ncol=4, frameon=False)
    ax.grid(alpha=0.3)
    return _png(fig)


def hours_chart(days: list[Day]) -> str:
    good = [0.0] * 24
    present = [0.0] * 24
    for d in days:
        for h in d.hours:
            if h.good_share is not None:
                good[h.hour] += h.good_share * h.present_s
                present[h.hour] += h.present_s
    shares = [g / p * 100 if p else 0.0 for g, p in zip(good, present, strict=True)]
    fig, ax = plt.subplots(figsize=(11, 2.8))
    ax.bar(range(24), shares, color=[GREEN if p else GREY for p in present], width=0.8)
    ax.set_xticks(range(24))
    ax.set_xlim(-0.6, 23.6)
    ax.set_ylim(0, 100)
    ax.set_xlabel("hour of the day")
    ax.set_ylabel("good posture (%)")
    ax.set_title("Hour by hour: share of present time with the head over the shoulders")
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def still_chart(days: list[Day], threshold_s: float) -> str:
    lengths = [x / 60 for d in days for x in d.still_lengths]
    fig, ax = plt.subplots(figsize=(5.4, 2.8))
    if lengths:
        ax.hist(lengths, bins=20, color=BLUE)
    still = f"{spec(EventKind.STILL_ALERT).label} alert"
    ax.axvline(threshold_s / 60, color=ORANGE, linestyle="--", label=still)
    ax.set_xlabel("still-neck period (min)")
    ax.set_ylabel("periods")
    ax.set_title("How long the neck stayed still")
    ax.legend(fontsize=8)
    return _png(fig)


def trend_chart(span: Span) -> str:
    labels = [f"{d.day:%a %d}" for d in span.days]
    values = [(d.forward_share or 0.0) * 100 for d in span.days]
    before = span.previous.get("forward_share")
    fig, ax = plt.subplots(figsize=(5.4, 2.8))
    ax.bar(labels, values, color=ORANGE)
    if before is not None:
        ax.axhline(before * 100, color=GREY, linestyle="--", label="previous period")
        ax.legend(fontsize=8)
    ax.set_ylabel("forward head (%)")
    ax.set_title("Forward head by day")
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    return _png(fig)


CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1150px; color: #222; }
h1 { margin-bottom: 0.2em; } .sub { color: #555; margin-top: 0; }
.banner { background: #fff3cd; border: 1px solid #e0b200; padding: 0.6em 1em; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8em; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 1em; min-width: 160px; }
.card b { display: block; font-size: 1.4em; } table { border-collapse: collapse; }
td, th { border-bottom: 1px solid #eee; padding: 0.3em 0.8em; text-align: right; }
.pair { display: flex; gap: 1em; flex-wrap: wrap; } img { max-width: 100%; }
"""


def _cards(span: Span) -> str:
    t = span.totals()
    cards = [
        ("monitored", duration_text(t["monitored_s"] or 0.0)),
        ("present", duration_text(t["present_s"] or 0.0)),
        ("head forward", share(t["forward_share"])),
        ("alerts a day", "-" if t["alerts_per_day"] is None else f"{t['alerts_per_day']:.1f}"),
        ("breaks a day", "-" if t["breaks_per_day"] is None else f"{t['breaks_per_day']:.1f}"),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card">{html.escape(k)}<b>{html.escape(v)}</b></div>' for k, v in cards
        )
        + "</div>"
    )


def _table(days: list[Day]) -> str:
    head = (
        "day",
        "monitored",
        "forward",
        "median",
        "longest forward",
        "longest still",
        "breaks",
        "alerts",
        "stretches done",
    )
    rows = []
    for d in days:
        if d.empty:
            rows.append(f"<tr><td>{d.day:%a %d %b}</td><td colspan=8>not monitored</td></tr>")
            continue
        alerts = sum(c.raised for c in d.alerts.values())
        done = d.stretches["completed"] + d.stretches["partial"]
        cells = (
            f"{d.day:%a %d %b}",
            duration_text(d.monitored_s),
            share(d.forward_share),
            "-" if d.median_deg is None else f"{d.median_deg:.0f} deg",
            duration_text(d.longest_forward_s),
            duration_text(d.longest_still_s),
            str(d.breaks),
            str(alerts),
            str(done),
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th>{h}</th>" for h in head)
    return f"<table><tr>{header}</tr>{''.join(rows)}</table>"


def render(
    span: Span, history: History, zone: tzinfo, threshold: float, simulated: bool = False
) -> str:
    """The whole report as one HTML document."""
    days = [d for d in span.days if not d.empty]
    first, last = span.days[0].day, span.days[-1].day
    title = f"posture report: {first:%d %b %Y}" + ("" if first == last else f" to {last:%d %b %Y}")
    made = f"{datetime.now():%Y-%m-%d}"
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="sub">Local days in {html.escape(str(zone))}; made {made}</p>',
    ]
    if simulated:
        parts.append(
            '<p class="banner"><b>Simulated data.</b> This report shows a made-up '
            "workday from <code>posture demo</code>, not anyone's real posture.</p>"
        )
    if not days:
        parts.append("<p>Nothing was monitored in this period.</p>")
        return _page(title, parts)
    parts += [_cards(span), "<h2>Through the day</h2>"]
    parts += [timeline_chart(history, d, zone, threshold) for d in days[-7:]]
    parts += [
        "<h2>Hour by hour</h2>",
        hours_chart(days),
        '<div class="pair">',
        still_chart(days, history.still_alert_s),
        trend_chart(span),
        "</div>",
        "<h2>Day by day</h2>",
        _table(span.days),
    ]
    return _page(title, parts)


def _page(title: str, parts: list[str]) -> str:
    body = "\n".join(parts)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )
