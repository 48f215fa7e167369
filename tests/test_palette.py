"""The risk palette stays apart in lightness, also under simulated colour-vision deficiency."""
from __future__ import annotations

import itertools

import pytest

from domain.palette import RISK_COLOURS, RISK_MARKS, RISK_ORDER, contrast_ratio, relative_luminance

# Viénot, Brettel & Mollon (1999) dichromat simulation in linear RGB.
SIMULATIONS = {
    "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
    "protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
}


def _linear(hex_colour: str) -> list[float]:
    out = []
    for i in (1, 3, 5):
        c = int(hex_colour[i:i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def _simulated_luminance(hex_colour: str, matrix) -> float:
    rgb = _linear(hex_colour)
    r, g, b = (min(1.0, max(0.0, sum(m * v for m, v in zip(row, rgb)))) for row in matrix)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_relative_luminance_of_black_white_and_a_known_grey():
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)
    assert relative_luminance("#777777") == pytest.approx(0.1845, abs=1e-4)
    assert contrast_ratio(1.0, 0.0) == pytest.approx(21.0)


@pytest.mark.parametrize("vision", ["normal", *SIMULATIONS])
def test_every_pair_of_risk_colours_differs_in_lightness(vision):
    def lum(c):
        return relative_luminance(c) if vision == "normal" else _simulated_luminance(c, SIMULATIONS[vision])
    for a, b in itertools.combinations(RISK_ORDER, 2):
        ratio = contrast_ratio(lum(RISK_COLOURS[a]), lum(RISK_COLOURS[b]))
        assert ratio >= 2.0, (vision, a, b, ratio)
    # Ordered by lightness: merah darkest, kuning lightest.
    assert lum(RISK_COLOURS["merah"]) < lum(RISK_COLOURS["hijau"]) < lum(RISK_COLOURS["kuning"])


def test_second_cue_marks_are_distinct_letters():
    assert sorted(RISK_MARKS) == sorted(RISK_ORDER)
    assert len(set(RISK_MARKS.values())) == 3
