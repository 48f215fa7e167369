"""Metodologi renders the engine's own methodology file: version, every indicator, weights that add up."""
from __future__ import annotations

from scoring.config import load_methodology
from tests.pages.conftest import PIMPINAN_SULSEL, no_exception
from ui import texts as T


def test_methodology_page_shows_the_engine_file(page):
    at = page("metodologi", PIMPINAN_SULSEL)
    no_exception(at)
    m = load_methodology()
    assert any(f"**{m.version}**" in md.value for md in at.markdown)
    table = next(d.value for d in at.dataframe if T.METH_COL_INDICATOR in d.value.columns)
    assert list(table[T.METH_COL_INDICATOR]) == [i.label for i in m.struktural.indicators]
    effective = sum(float(v.rstrip("%").replace(",", ".")) for v in table[T.METH_COL_EFFECTIVE])
    share = m.component_weights["struktural"] / sum(m.component_weights.values()) * 100
    assert abs(effective - share) < 0.05 * len(table)
    components = next(d.value for d in at.dataframe if T.METH_COL_COMPONENT in d.value.columns)
    assert list(components[T.METH_COL_COMPONENT]) == [m.component_labels[c] for c in m.component_weights]
