"""Map labels: every region named with its category letter; nudged apart when they would overlap."""
from __future__ import annotations

from services.briefing_figures import _box, _overlap, label_text, place_labels


def test_label_text_is_short_name_plus_the_category_letter():
    assert label_text("Kab. Gowa", "merah") == "Gowa (M)"
    assert label_text("Kota Makassar", "kuning") == "Kota Makassar (K)"
    assert label_text("Kab. Barru", None) == "Barru (–)"


def test_two_labels_close_together_are_placed_without_overlap():
    h = 1.15 * 18 * 0.005
    points = [(120.0, -5.0), (120.0, -5.0 + 0.6 * h), (121.0, -5.0)]
    texts = ["Gowa (M)", "Takalar (K)", "Sinjai (K)"]
    positions = place_labels(points, texts, degrees_per_px=0.005, font_size=18)
    assert positions[0] == "middle center" and positions[1] != "middle center"
    boxes = [_box(x, y, 0.56 * 18 * len(t) * 0.005, 1.15 * 18 * 0.005, p)
             for (x, y), t, p in zip(points, texts, positions)]
    assert _overlap(boxes[0], boxes[1]) == 0.0
    assert positions[2] == "middle center"     # far enough away to stay on its point
