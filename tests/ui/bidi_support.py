"""Where characters land when Qt draws a line: for checking the visual order of numbers in Urdu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel

MARKS = "\u2066\u2067\u2068\u2069\u200e\u200f"


def visual_text(text: str, font: QFont, direction: Qt.LayoutDirection, wanted: str) -> str:
    """`wanted` (as it sits in `text`, marks left out) read off the screen from left to right,
    spaces left out (a space draws nothing to place)."""
    text = next(part for part in text.replace("\u2028", "\n").split("\n")
                if wanted in part.translate({ord(m): None for m in MARKS}))
    plain_to_raw = [i for i, ch in enumerate(text) if ch not in MARKS]
    plain = "".join(text[i] for i in plain_to_raw)
    at = plain.index(wanted)
    start, end = plain_to_raw[at], plain_to_raw[at + len(wanted) - 1] + 1
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setTextDirection(direction)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    placed = []
    for index in range(start, end):
        ch = text[index]
        if ch in MARKS or ch.isspace():
            continue
        runs = layout.glyphRuns(index, 1)
        if not runs:
            continue
        placed.append((min(run.positions()[0].x() for run in runs), ch))
    return "".join(ch for _x, ch in sorted(placed, key=lambda p: p[0]))


def label_reads(label: QLabel, wanted: str) -> str:
    """What a person sees of `wanted` in the label's line that holds it, left to right."""
    line = next(part for part in label.text().split("\n") if wanted in part.translate({ord(m): None for m in MARKS}))
    return visual_text(line, label.font(), label.layoutDirection(), wanted)
