"""The first-run guide's offer of the neck diary's question at the end of the day: a checkbox,
off unless ticked (or already on), that writes the setting diary_ask_hour."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from posture.core.settings import Settings

ASK_HOUR = 17.0
"""The hour offered: the end of a usual working day, while most people are still at the desk."""
KEY = "diary_ask_hour"


def clock_text(hour: float) -> str:
    """17.5 as '17:30'."""
    minutes = round(hour * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class DiaryChoice:
    """The checkbox, and what it writes: the hour when ticked, off when unticked (written only
    if it was on, so an untouched box adds no line to the settings file)."""

    def __init__(self, current: Settings) -> None:
        self.was_on = current.diary_ask_hour > 0
        self.hour = current.diary_ask_hour if self.was_on else ASK_HOUR
        when = clock_text(self.hour)
        self.box = QCheckBox(f"At {when}, ask how my neck feels: one click notes it in a diary")
        self.box.setObjectName("diary")
        self.box.setChecked(self.was_on)

    def values(self) -> dict[str, object]:
        if self.box.isChecked():
            return {KEY: self.hour}
        return {KEY: 0.0} if self.was_on else {}

    def words(self) -> str:
        if self.box.isChecked():
            return f"At {clock_text(self.hour)} it asks how your neck feels (the neck diary)."
        return "It does not ask about your neck (Settings…: Ask how my neck feels at)."
