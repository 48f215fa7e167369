"""The one palette for risk categories, and the second cue that does not rely on colour.

Colour-blind-safe by lightness: merah is dark, hijau mid, kuning light, so the three stay
apart in greyscale and under simulated deuteranopia/protanopia (relative-luminance contrast
of every pair ≥ 2:1, checked by ``tests/test_palette.py``). Colour is never the only cue:
every map and table also carries :data:`RISK_MARKS` or the category's name.
"""
from __future__ import annotations

RISK_ORDER = ("merah", "kuning", "hijau")
RISK_COLOURS = {"merah": "#8B1A1A", "kuning": "#FFE680", "hijau": "#4A9F6E"}
RISK_TEXT_COLOURS = {"merah": "#FFFFFF", "kuning": "#0A0A0A", "hijau": "#0A0A0A"}
NO_DATA_COLOUR = "#C8CCD2"
# Second cue on maps: a letter printed beside the region name (explained in the legend).
RISK_MARKS = {"merah": "M", "kuning": "K", "hijau": "H"}
NO_DATA_MARK = "–"


def relative_luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB`` (0 = black, 1 = white)."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: float, b: float) -> float:
    """WCAG contrast ratio of two relative luminances (≥ 1)."""
    low, high = sorted((a, b))
    return (high + 0.05) / (low + 0.05)
