"""A small window standing in for the tray icon where no tray is shown (stock GNOME without the
AppIndicator extension shows none): the same state, icon and words, and the tray's own menu.

`StandIn` watches the whole run: when no tray has been there for NO_TRAY_WAIT_MS it says so once
and opens the window; when a tray appears the window closes (the icon is there then), and it
opens again if the tray goes for as long. Closing the window minimises it: the run goes on and
stays reachable (Quit is in its menu).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from posture.desktop.qt_app import quitting, void
from posture.desktop.tray import TRAY_CHECK_MS, Tray

NO_TRAY_WAIT_MS = 10_000
"""No tray this long after the start (a panel starting at login comes within seconds): the
window opens."""
NO_TRAY_AT_ALL = (
    "no system tray is shown here: a small posture window stands in for the tray icon "
    "(its Menu has the tray's entries; closing it only minimises it)"
)
TITLE = "posture"
ICON_PX = 32


class StatusWindow(QWidget):
    """The tray's state (icon, headline, numbers) and a Menu button opening the tray's menu."""

    def __init__(self, tray: Tray) -> None:
        super().__init__()
        self.tray = tray
        self.setWindowTitle(TITLE)
        self.picture = QLabel()
        self.words = QLabel()
        self.numbers = QLabel()
        self.numbers.setStyleSheet("color: #5b6b73;")
        self.menu_button = QPushButton("Menu")
        self.menu_button.setMenu(tray.menu)  # the very same entries, enabled and named alike
        text = QVBoxLayout()
        text.addWidget(self.words)
        text.addWidget(self.numbers)
        row = QHBoxLayout(self)
        row.addWidget(self.picture)
        row.addLayout(text, 1)
        row.addWidget(self.menu_button)
        tray.header.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show what the tray shows now."""
        void(self.picture.setPixmap, self.tray.icon.icon().pixmap(ICON_PX, ICON_PX))
        void(self.words.setText, self.tray.header.text())
        lines = self.tray.icon.toolTip().split("\n")[1:]
        void(self.numbers.setText, "\n".join(lines))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing it minimises it (the only way to reach posture here); when the run ends the
        close is accepted, or Qt 6 would give up quitting and the run would never end."""
        if quitting():
            event.accept()
            return
        event.ignore()
        self.showMinimized()


class StandIn:
    """Opens the status window while no tray is shown (made in the GUI thread, after the tray);
    `say` tells the person once."""

    def __init__(
        self, tray: Tray, say: Callable[[str], None], wait_ms: int = NO_TRAY_WAIT_MS
    ) -> None:
        self.tray, self.say, self.wait_ms = tray, say, wait_ms
        self.window: StatusWindow | None = None
        self._missing_ms = 0
        self._said = False
        self._step_ms = min(TRAY_CHECK_MS, wait_ms)
        self._watch = QTimer()
        self._watch.timeout.connect(self._look)
        self._watch.start(self._step_ms)

    def _look(self) -> None:
        self._missing_ms = 0 if self.tray.tray_seen else self._missing_ms + self._step_ms
        shown = self.window is not None and self.window.isVisible()
        if self._missing_ms >= self.wait_ms and not shown:
            self._open()
        elif self._missing_ms == 0 and shown and self.window is not None:
            self.window.hide()  # the icon stands in the tray now
        elif shown and self.window is not None:
            self.window.refresh()

    def _open(self) -> None:
        if not self._said:
            self._said = True
            self.say(NO_TRAY_AT_ALL)
        if self.window is None:
            self.window = StatusWindow(self.tray)
        self.window.show()
        self.window.raise_()

    def close(self) -> None:
        self._watch.stop()
        if self.window is not None:
            self.window.hide()
