"""Rewrite the bundled Noto Nastaliq Urdu so Qt joins its letters where HarfBuzz puts them.

168 of the font's GPOS anchors name a contour point (anchor format 2). Qt hands HarfBuzz its
own font functions, and the contour point they return is not in the font's units: a cursive
attachment built on one came out at about zero, so in "بی" the beh sat on the baseline
inside the yeh's bowl with its dot pushed under the line ("زینب بی بی" read "زینب ں ں").
HarfBuzz itself uses the anchor's x/y whenever the font is not hinted, so writing each such
anchor as format 1 with those same coordinates draws the letters as the type designer
placed them, in Qt and everywhere else.

The family is renamed (FAMILY): a PC with the original font installed would otherwise be given
that one by fontconfig instead of ours (the font's licence, OFL 1.1, reserves no name).

    pip install fonttools
    python resources/fonts/fix_anchors.py /usr/share/fonts/truetype/noto/NotoNastaliqUrdu-Regular.ttf \
        resources/fonts/NotoNastaliqUrdu-Regular.ttf

Run once on a new copy of the font (from Debian's fonts-noto-core or Google's release);
tests/ui/test_urdu_reading.py checks the result through Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

FAMILY = "Noto Nastaliq Urdu Station"
ORIGINAL = "Noto Nastaliq Urdu"


def point_anchors_to_coordinates(source: Path, target: Path) -> int:
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    changed = 0
    seen: set[int] = set()

    def walk(node: object) -> None:
        nonlocal changed
        if id(node) in seen:
            return
        seen.add(id(node))
        if type(node).__name__ == "Anchor":
            if getattr(node, "Format", 1) == 2:
                node.Format = 1
                del node.AnchorPoint
                changed += 1
            return
        children = node if isinstance(node, list) else vars(node).values() if hasattr(node, "__dict__") else ()
        for child in children:
            if isinstance(child, list) or hasattr(child, "__dict__"):
                walk(child)

    walk(font["GPOS"].table)
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16):
            text = record.toUnicode()
            if record.nameID == 6:
                record.string = text.replace(ORIGINAL.replace(" ", ""), FAMILY.replace(" ", ""))
            else:
                record.string = text.replace(ORIGINAL, FAMILY)
    font.save(str(target))
    return changed


if __name__ == "__main__":
    source, target = map(Path, sys.argv[1:3])
    print(f"{target}: {point_anchors_to_coordinates(source, target)} anchors rewritten, family {FAMILY!r}")
