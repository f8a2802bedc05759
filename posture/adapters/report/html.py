"""The HTML report: one self-contained file that reads on a desktop and on a phone.

Charts are inline SVG (`report_svg`), so the page needs no plotting library, no network and no
script. Every figure the terminal report has is here, with a short 'what to change' list and,
for a week or more, the comparison with the period before.
"""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta, tzinfo

from posture.adapters.report import day_table, svg
from posture.adapters.report.diary import advice_html, diary_html
from posture.adapters.system import paths
from posture.adapters.system.catalogue import load as load_catalogue
from posture.core.errors import PostureError
from posture.core.reports import views as report_views
from posture.core.reports.advice import advice, hour_shares, worst_hour
from posture.core.reports.days import Day, day_bounds
from posture.core.reports.history import History
from posture.core.reports.sharp import sharp_of
from posture.core.reports.span import Span
from posture.core.reports.views import share
from posture.core.words import duration_text, plural

TIMELINE_POINTS = 1200
"""At most this many angle dots a day: more than the chart's width shows apart."""
WEEKLY_AFTER = 62
"""Spans longer than this many days chart forward head by week rather than by day."""

CSS = """
*{box-sizing:border-box} body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em;
max-width:1150px;color:#222;line-height:1.4} h1{margin:0 0 .2em;font-size:1.6em}
.sub{color:#555;margin-top:0}
.banner{background:#fff3cd;border:1px solid #e0b200;padding:.6em 1em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(175px,1fr));gap:.6em}
.card{border:1px solid #ddd;border-radius:6px;padding:.5em .8em} .card b{display:block;
font-size:1.3em;white-space:nowrap} .card small{color:#555}
.chart{width:100%;height:auto;display:block;margin:.4em 0}
.legend span{margin-right:1em;white-space:nowrap} .key{display:inline-block;width:14px;height:14px;
vertical-align:middle;border:1px solid #bbb}
.hatch{background:repeating-linear-gradient(45deg,#b4b4cc 0 3px,#fff 3px 8px)}
table.days{border-collapse:collapse;width:100%}
.days td,.days th{border-bottom:1px solid #eee;padding:.35em .5em;text-align:right}
.days td:first-child,.days th:first-child{text-align:left} .days td.day{white-space:nowrap}
.days th{font-weight:600;color:#444}
.days td.none{text-align:left;color:#666} .days tr.more td{border-bottom:1px solid #ddd;
padding:0 .5em .3em;text-align:left} .days summary{cursor:pointer;color:#0063a0;font-size:.9em}
.days dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.3em 0 .5em}
.days dt{color:#555} .days dd{margin:0} .todo li{margin:.3em 0}
.better{color:#00734f} .worse{color:#b34700}
@media (max-width:600px){body{padding:.6em} h1{font-size:1.25em} .card b{font-size:1.05em}
.cards{grid-template-columns:repeat(2,1fr)} .chart text{font-size:26px}
.chart text.minor{display:none}
.days{font-size:.9em} .days td,.days th{padding:.3em .25em} .days .opt{display:none}}
"""

MARK = "posture report"
"""Every page's title starts so: an existing page with it may be replaced by a new one."""
MARKS = (f"<title>{MARK}".encode(),)


def _view(span: Span) -> str:
    count = len(span.days)
    return {1: "day", 7: "week", 30: "month"}.get(count, f"{count} days")


def render(span: Span, history: History, zone: tzinfo, threshold: float) -> str:
    """The whole report as one HTML document."""
    days = [d for d in span.days if not d.empty]
    first, last = span.days[0].day, span.days[-1].day
    title = f"{MARK}: {first:%d %b %Y}" + ("" if first == last else f" to {last:%d %b %Y}")
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="sub">The {_view(span)} view; local days in {html.escape(str(zone))}; '
        f"made {datetime.now():%Y-%m-%d}</p>",
        *_banner(span),
    ]
    if not days:
        parts += advice_html(span)
        parts.append("<p>Nothing was monitored in this period.</p>")
        return _page(title, parts)
    parts += [
        *advice_html(span),
        _cards(span, days),
        *_compare(span),
        *diary_html(span),
        *_todo(span),
    ]
    parts += _timelines(history, days, zone, threshold)
    parts += [
        "<h2>Hour by hour</h2>",
        _hours(days),
        *_by_day(span),
        "<h2>Neck</h2>",
        _still(days, history.still_alert_s),
        "<h2>Day by day</h2>",
        day_table.table(span.days, span.diary),
    ]
    return _page(title, parts)


def _banner(span: Span) -> list[str]:
    if span.simulated:
        return [
            '<p class="banner"><b>Simulated data.</b> This report shows a made-up workday from '
            "<code>posture demo</code>, not anyone's real posture.</p>"
        ]
    if span.replayed:
        return [
            '<p class="banner"><b>Replayed data.</b> This history was played from recordings '
            "(<code>--source</code>), not watched live by a webcam.</p>"
        ]
    return []


def _cards(span: Span, days: list[Day]) -> str:
    t = span.totals()
    raised = sum(c.raised for d in days for c in d.alerts.values())
    acted = sum(c.acted_on for d in days for c in d.alerts.values())
    completed = sum(d.stretches["completed"] for d in days)
    partial = sum(d.stretches["partial"] for d in days)
    ignored = sum(c.ignored for d in days for c in d.alerts.values())
    offered = sum(d.stretches["suggested"] for d in days)
    skipped = sum(d.stretches["skipped"] for d in days)
    worst = worst_hour(days)
    cards = [
        ("monitored", duration_text(t["monitored_s"] or 0.0), plural(len(days), "day")),
        ("you were there", duration_text(t["present_s"] or 0.0), ""),
        ("head forward", share(t["forward_share"]), "of the time you were judged"),
        ("alerts", str(raised), f"{acted} acted on, {ignored} ignored"),
        ("breaks", str(sum(d.breaks for d in days)), _per_day(t["breaks_per_day"], len(days))),
        ("longest sitting", duration_text(max(d.longest_sitting_s for d in days)), "no break"),
        (
            "stretches completed",
            f"{completed} of {offered}",
            f"{partial} partial, {skipped} skipped",
        ),
        ("worst hour", f"{worst[0]:02d}:00" if worst else "-", share(worst[1]) if worst else ""),
    ]
    sharp = sharp_of(days)
    if sharp.count:
        cards.append(("sharp movements", str(sharp.count), sharp.words()))
    return '<div class="cards">' + "".join(_card(*c) for c in cards) + "</div>"


def _per_day(value: float | None, days: int) -> str:
    return "" if value is None or days < 2 else f"about {round(value)} a day"


def _card(name: str, value: str, note: str) -> str:
    small = f"<small>{html.escape(note)}</small>" if note else ""
    return f'<div class="card">{html.escape(name)}<b>{html.escape(value)}</b>{small}</div>'


def _compare(span: Span) -> list[str]:
    if len(span.days) < 2:
        return []
    now, before = span.totals(), span.previous
    count = len(span.days)
    days_before = int(before.get("days_monitored") or 0)
    if not days_before:
        return [f"<p>The {count} days before this period were not monitored.</p>"]
    rows = [_change("head forward", now["forward_share"], before.get("forward_share"), True)]
    alerts_now = now["alerts_per_day"]
    alerts_before = (before.get("alerts") or 0.0) / days_before
    rows.append(_change("alerts a day", alerts_now, alerts_before, False))
    breaks_before = (before.get("breaks") or 0.0) / days_before
    rows.append(_change("breaks a day", now["breaks_per_day"], breaks_before, False, up=True))
    items = "".join(f"<li>{r}</li>" for r in rows if r)
    return [f"<h2>Against the {count} days before</h2><ul>{items}</ul>"]


def _change(
    name: str, now: float | None, before: float | None, is_share: bool, up: bool = False
) -> str:
    if now is None or before is None:
        return ""
    shown = share if is_share else (lambda v: str(round(v or 0.0)))
    better = now > before if up else now < before
    way = "better" if better else "worse" if now != before else ""
    word = "the same" if round(now, 2) == round(before, 2) else way
    return (
        f"{html.escape(name)}: {shown(now)} (before: {shown(before)}) "
        f'<span class="{way}">{word}</span>'
    )


def _stretch_names() -> dict[str, str]:
    """Each stretch's name by id (the user's additions too), for words that name stretches."""
    try:
        catalogue = load_catalogue(paths.user_catalogue())
    except PostureError:  # a broken user file: `posture stretch` says so; here, the built-in
        catalogue = load_catalogue()
    return {sid: s.name for sid, s in catalogue.stretches.items()}


def _todo(span: Span) -> list[str]:
    tips = advice(span, _stretch_names())
    if not tips:
        return []
    items = "".join(f"<li>{html.escape(t)}</li>" for t in tips)
    return [f'<h2>What to change</h2><ul class="todo">{items}</ul>']


def _timelines(history: History, days: list[Day], zone: tzinfo, threshold: float) -> list[str]:
    start = history.samples.t[0] if history.samples.t.size else float("inf")
    shown = [d for d in days if day_bounds(d.day, zone)[1] > start][-7:]
    charts = []
    kinds: set[str] = set()
    for d in shown:
        line = report_views.timeline(history, d.day, zone, max_points=TIMELINE_POINTS)
        kinds |= {k for _, k in [*line.alerts, *line.events]}
        chart = svg.timeline(line, d, threshold)
        if chart:
            charts.append(f"<h3>{d.day:%A %d %B}</h3>{chart}")
    if not charts:
        return []
    return ["<h2>Through the day</h2>", svg.legend_html(sorted(kinds)), *charts]


def _hours(days: list[Day]) -> str:
    hours = hour_shares(days)
    values = [None if present < 60 or f is None else 1.0 - f for present, f in hours]
    watched = [h for h, v in enumerate(values) if v is not None]
    label = "Share of good posture in each hour of the day; " + (
        f"monitored hours {watched[0]:02d}:00 to {watched[-1] + 1:02d}:00, others not monitored"
        if watched
        else "no hour was monitored"
    )
    names = [f"{h:02d}" for h in range(24)]
    title = "Good posture by hour (hatched: not monitored)"
    return svg.bars(names, values, title, svg.GREEN, label)


def _by_day(span: Span) -> list[str]:
    if len(span.days) < 2:
        return []
    if len(span.days) > WEEKLY_AFTER:
        groups = _weeks(span.days)
        title, unit = "Time with the head forward, by week (hatched: not monitored)", "week"
    else:
        groups = [
            (f"{d.day:%d %b}" if len(span.days) > 7 else f"{d.day:%a}", [d]) for d in span.days
        ]
        title, unit = "Time with the head forward, by day (hatched: not monitored)", "day"
    values = [_forward(ds) for _, ds in groups]
    seen = [v for v in values if v is not None]
    label = (
        f"Share of time with the head forward, by {unit}: {len(seen)} of {len(values)} "
        f"{unit}s monitored" + (f", from {share(min(seen))} to {share(max(seen))}" if seen else "")
    )
    return [
        f"<h2>By {unit}</h2>",
        svg.bars([n for n, _ in groups], values, title, svg.ORANGE, label),
    ]


def _weeks(days: list[Day]) -> list[tuple[str, list[Day]]]:
    out: dict[date, list[Day]] = {}
    for d in days:
        out.setdefault(d.day - timedelta(days=d.day.weekday()), []).append(d)
    return [(f"{monday:%d %b}", ds) for monday, ds in out.items()]


def _forward(days: list[Day]) -> float | None:
    judged = sum(d.judged_s for d in days)
    return sum(d.forward_s for d in days) / judged if judged else None


def _still(days: list[Day], threshold_s: float) -> str:
    lengths = [x / 60 for d in days for x in d.still_lengths]
    over = sum(d.still_periods_over for d in days)
    label = (
        f"How long the neck stayed still: {plural(len(lengths), 'period')}, {over} reached the "
        f"{duration_text(threshold_s)} alert; the longest "
        f"{duration_text(max(d.longest_still_s for d in days))}"
    )
    return svg.histogram(lengths, threshold_s / 60, label)


def _page(title: str, parts: list[str]) -> str:
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )
