"""Draws every tray state's icon (64 px and the 22 px a panel shows) with its words, for
docs/tray-states.png: `QT_QPA_PLATFORM=offscreen python tests/tray_states_sheet.py OUT.png`."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

from posture.desktop import icons

CELL = 112


def sheet() -> QImage:
    states = list(icons.LOOKS)
    image = QImage(CELL * len(states), 150, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    font = QFont()
    font.setPointSize(8)
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    for i, state in enumerate(states):
        painter.drawImage(i * CELL + 24, 6, icons.draw(state, 64))
        painter.drawImage(i * CELL + 45, 76, icons.draw(state, 22))
        box = QRectF(i * CELL, 102, CELL, 46)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(box, int(flags), icons.WORDS[state])
    painter.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication(["sheet"])
    sheet().save(sys.argv[1])
