"""The guide's live preview: a camera frame with the landmarks the head-forward angle comes from
(eyes, nose, ears, shoulders; a line from each ear to its shoulder), scaled for the window."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap

from posture.app.guide import Look
from posture.core.data import LM

POINTS = (LM.NOSE, LM.LEFT_EYE, LM.RIGHT_EYE, LM.LEFT_EAR, LM.RIGHT_EAR)
LINES = ((LM.LEFT_EAR, LM.LEFT_SHOULDER), (LM.RIGHT_EAR, LM.RIGHT_SHOULDER))
PREVIEW_SIZE = (400, 300)


def picture(look: Look) -> QPixmap:
    """The frame, scaled, with the landmarks the angle comes from (ears over shoulders)."""
    h, w = look.image.shape[:2]
    image = QImage(look.image.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    painter = QPainter(image)
    s = look.sample
    if s is not None:

        def at(lm: LM) -> QPointF:
            return QPointF(float(s.image[lm][0]) * w, float(s.image[lm][1]) * h)

        painter.setPen(QPen(QColor("#2bb39f"), max(w // 120, 2)))
        for a, b in (*LINES, (LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER)):
            painter.drawLine(at(a), at(b))
        painter.setBrush(QColor("#f2b134"))
        for lm in (*POINTS, LM.LEFT_SHOULDER, LM.RIGHT_SHOULDER):
            painter.drawEllipse(at(lm), w / 50, w / 50)
    painter.end()
    return QPixmap.fromImage(image).scaled(
        *PREVIEW_SIZE,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
