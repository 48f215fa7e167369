"""Templates are current (generated from the field definitions) and import cleanly, CSV and XLSX alike."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert

from data_access.imports import commit, prepare_file
from data_access.imports.reading import read_table
from data_access.imports.templates import GUIDE_FILE, TEMPLATES_DIR, expected_files
from data_access.models import IndicatorDefinition
from domain.access import SYSTEM

ORDER = ("indicator_definitions", "incidents", "handling_actions", "indicator_values")


def test_committed_templates_are_current():
    for name, data in expected_files().items():
        path = TEMPLATES_DIR / name
        assert path.exists(), name
        if name.endswith(".xlsx"):
            assert read_table(name, path.read_bytes()) == read_table(name, data)
        else:
            assert path.read_bytes() == data, f"{name}: jalankan python -m data_access.imports.templates"
    assert "Kolom" in (TEMPLATES_DIR / GUIDE_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_every_template_imports_without_problems(db, ext):
    with db.begin() as conn:
        conn.execute(insert(IndicatorDefinition).values(code="ikp_bawaslu", name="IKP", unit="skor", source="Bawaslu",
                                                        higher_is_riskier=True, min_value=0, max_value=100))
    for kind in ORDER:
        name = f"{kind}.{ext}"
        with db.connect() as conn:
            prepared = prepare_file(conn, SYSTEM, kind, name, (TEMPLATES_DIR / name).read_bytes(),
                                    today=date(2024, 12, 31))
        assert not prepared.all_problems(), [p.reason for p in prepared.all_problems()]
        assert commit(db, SYSTEM, prepared).added == 1
