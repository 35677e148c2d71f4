"""A stat card: a small rounded panel with a title, one big figure and a one-line caption.

The card paints itself from the palette (Base inside, Mid on the border; Text for the figure,
PlaceholderText for the title and caption) and uses no style sheet, so it looks like a card on
light and dark themes alike and follows a palette change at run time. An optional accent
colour marks the figure (green for a good rate, red when there are errors).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

RADIUS = 6.0


class StatCard(QWidget):
    """Title (bold, dimmed), value (large, bold), caption (small, dimmed); the tooltip explains."""

    def __init__(self, title: str, caption: str = "", tooltip: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StatCard")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._accent: QColor | None = None
        self.title_label = QLabel(title, self)
        self.value_label = QLabel("—", self)
        self.caption_label = QLabel(caption, self)
        for label in (self.title_label, self.value_label, self.caption_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.value_label.setForegroundRole(QPalette.ColorRole.Text)
        _scale_font(self.title_label, 1.0, bold=True)
        _scale_font(self.value_label, 1.7, bold=True)
        _scale_font(self.caption_label, 0.88, bold=False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.caption_label)
        if tooltip:
            self.setToolTip(tooltip)

    # -- content ----------------------------------------------------------------------------------
    def set_value(self, text: str, caption: str | None = None) -> None:
        self.value_label.setText(text)
        if caption is not None:
            self.caption_label.setText(caption)

    def set_accent(self, color: QColor | None) -> None:
        """Colour the figure (None: the palette's text colour, following palette changes)."""
        if color == self._accent:
            return
        self._accent = color
        if color is None:
            self.value_label.setPalette(QPalette())  # an empty palette: inherit every role again
        else:
            pal = QPalette()
            pal.setColor(QPalette.ColorRole.Text, color)
            self.value_label.setPalette(pal)  # only Text is set; the other roles still inherit

    def accent(self) -> QColor | None:
        return self._accent

    def value(self) -> str:
        return self.value_label.text()

    def caption(self) -> str:
        return self.caption_label.text()

    def title(self) -> str:
        return self.title_label.text()

    # -- painting ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        pal = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1.0))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        painter.end()


def _scale_font(label: QLabel, factor: float, *, bold: bool) -> None:
    font = QFont(label.font())
    size = font.pointSizeF()
    font.setPointSizeF((size if size > 0 else 10.0) * factor)
    font.setBold(bold)
    label.setFont(font)


__all__ = ["StatCard"]
