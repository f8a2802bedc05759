"""The HTML report's neck diary: the texts' doctor advice first, then the diary's section."""

from __future__ import annotations

import html

from posture.core.reports.diary_compare import compare
from posture.core.reports.span import Span


def advice_html(span: Span) -> list[str]:
    """The texts' doctor advice, first and plain, when it is due on one of these days."""
    if span.advice is None:
        return []
    return [f'<p class="banner"><b>Please note:</b> {html.escape(span.advice.text())}</p>']


def diary_html(span: Span) -> list[str]:
    """The neck diary: the day's note, or the sore days against the others."""
    if len(span.days) == 1:
        note = span.diary.get(span.days[0].day)
        if note is None:
            return []
        return [f"<h2>Neck diary</h2><p>You noted your neck {html.escape(note.text())}.</p>"]
    found = compare(span.days, span.diary)
    if found is None:
        return []
    text = found.words()
    return [
        "<h2>Neck diary</h2>",
        f"<p>{html.escape(text[0].upper() + text[1:])}. This shows what went together, not "
        "what caused what.</p>",
    ]
