"""The settings window: every setting by group, in plain words, with its unit, range and why.

Values are checked by `Settings` itself (an error shows beside its field and nothing is written);
Save writes the changed ones into posture.toml line by line (posture/app/config.py) and calls
`applied`, which has the running monitor read its settings again at once (a RELOAD command).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from posture.app.config import file_settings, tell_running_monitor, write_settings
from posture.core.errors import ConfigError, PostureError
from posture.core.setting_words import CHOICE_WORDS, WORDS, by_group, range_text
from posture.core.settings import SPECS, Settings
from posture.desktop.qt_app import quitting

__all__ = ["SettingsWindow", "open_settings", "tell_running_monitor"]

ERROR_STYLE = "color: #b3261e;"
WHY_STYLE = "color: #5b6b73;"


def _number_text(value: float, factor: float) -> str:
    return f"{value / factor:g}"


class Field:
    """One setting's row: its control, its why, and the error beside it."""

    def __init__(self, key: str, value: float | bool | str) -> None:
        self.key, self.words = key, WORDS[key]
        self.control: QCheckBox | QLineEdit | QComboBox
        if SPECS[key].kind is str:  # a choice: its values in words, the setting's in data
            self.control = QComboBox()
            for choice in SPECS[key].choices:
                self.control.addItem(CHOICE_WORDS.get(choice, choice), choice)
            self.control.setCurrentIndex(SPECS[key].choices.index(str(value)))
            self.control.setObjectName(key)
        elif SPECS[key].kind is bool:
            self.control = QCheckBox()
            self.control.setChecked(bool(value))
        else:
            self.control = QLineEdit(_number_text(float(value), self.words.factor))
            self.control.setMaximumWidth(90)
            self.control.setObjectName(key)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        why = self.words.why + (" (applies at the next start)" if self.words.at_start else "")
        self.why = QLabel(why)
        self.why.setStyleSheet(WHY_STYLE)

    def value(self) -> object:
        """The typed value in the setting's own unit (seconds); ConfigError if not a number."""
        if isinstance(self.control, QCheckBox):
            return self.control.isChecked()
        if isinstance(self.control, QComboBox):
            return self.control.currentData()
        text = self.control.text().strip().replace(",", ".")
        try:
            shown = float(text)
        except ValueError:
            raise ConfigError(f"a number, please ({range_text(self.key)})") from None
        value = shown * self.words.factor
        return int(value) if SPECS[self.key].kind is int and value.is_integer() else value

    def check(self) -> object:
        """The value if `Settings` accepts it; ConfigError in the shown unit otherwise."""
        value = self.value()
        try:
            Settings().with_values({self.key: value})
        except ConfigError:
            raise ConfigError(f"must be {range_text(self.key) or 'on or off'}") from None
        return value


def checked(fields: dict[str, Field]) -> tuple[dict[str, object], list[Field]]:
    """Every field's value, and the fields whose value is refused (each shows why beside it; an
    accepted field's old error is cleared)."""
    values: dict[str, object] = {}
    bad = []
    for key, field in fields.items():
        try:
            values[key] = field.check()
            field.error.setText("")
        except ConfigError as exc:
            field.error.setText(str(exc))
            bad.append(field)
    return values, bad


class SettingsWindow(QWidget):
    """The window; `applied` is called after a save changed something."""

    def __init__(self, config: Path | None, applied: Callable[[], None]) -> None:
        super().__init__()
        self.config, self.applied = config, applied
        self.setWindowTitle("posture: settings")
        self.resize(760, 560)
        self.fields: dict[str, Field] = {}
        self.tabs = QTabWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save = QPushButton("Save")
        self.save.clicked.connect(self.save_now)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        """Fill the fields from the settings file as it is now."""
        try:
            self.current = file_settings(self.config)
        except PostureError as exc:
            self.current = Settings()
            self.status.setText(f"The settings file has a problem: {exc}")
            self.status.setStyleSheet(ERROR_STYLE)
        self.tabs.clear()
        self.fields.clear()
        for group, keys in by_group().items():
            self.tabs.addTab(self._page(keys), group)

    def _page(self, keys: list[str]) -> QScrollArea:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setColumnStretch(3, 1)
        for index, key in enumerate(keys):
            field = Field(key, getattr(self.current, key))
            self.fields[key] = field
            row = index * 2
            grid.addWidget(QLabel(f"<b>{field.words.label}</b>"), row, 0)
            grid.addWidget(field.control, row, 1)
            unit = QLabel(range_text(key) or field.words.unit)
            unit.setStyleSheet(WHY_STYLE)
            grid.addWidget(unit, row, 2)
            grid.addWidget(field.error, row, 3)
            grid.addWidget(field.why, row + 1, 0, 1, 4)
        grid.setRowStretch(len(keys) * 2, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def _checked(self) -> dict[str, object] | None:
        """Every field's value, or None after showing each bad one's error beside it."""
        values, bad = checked(self.fields)
        if bad:
            self.tabs.setCurrentIndex(list(by_group()).index(bad[0].words.group))
            bad[0].control.setFocus()
            return None
        return values

    def save_now(self) -> None:
        values = self._checked()
        if values is None:
            self._say("Not saved: a value is out of range (see the red note).", ERROR_STYLE)
            return
        changed = {k: v for k, v in values.items() if v != getattr(self.current, k)}
        if not changed:
            self._say("Nothing changed.", WHY_STYLE)
            return
        try:
            path = write_settings(self.config, changed)
        except PostureError as exc:
            self._say(f"Not saved: {exc}", ERROR_STYLE)
            return
        self.current = self.current.with_values(changed)
        self.applied()
        self._say(f"Saved to {path}; the monitor uses them now.", WHY_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

    def closeEvent(self, event: QCloseEvent) -> None:
        if quitting():  # the run ends: a refused close would stop Qt 6 from quitting
            event.accept()
            return
        self.hide()
        event.ignore()  # kept for the next "Settings...", filled afresh then


def open_settings(
    window: SettingsWindow | None, config: Path | None, applied: Callable[[], None]
) -> SettingsWindow:
    """Show the settings window (made on first use, re-read from the file each time)."""
    if window is None:
        window = SettingsWindow(config, applied)
    else:
        window.reload()
    window.show()
    window.raise_()
    window.activateWindow()
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    return window
