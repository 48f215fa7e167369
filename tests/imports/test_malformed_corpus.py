"""Every file of the malformed corpus gives its expected error (file, row, column, reason) and writes zero rows."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from data_access.imports import FileRejected, ImportRejected, commit, prepare_file
from data_access.models import HandlingAction, Import, ImportChange, Incident, IndicatorDefinition, IndicatorValue
from domain.access import SYSTEM

CORPUS = Path(__file__).resolve().parents[1] / "data" / "malformed"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
TODAY = date(2024, 12, 31)
WRITABLE = (Incident, IndicatorValue, HandlingAction, Import, ImportChange)


def test_corpus_is_large_enough_and_complete():
    assert len(MANIFEST) >= 25
    assert {e["file"] for e in MANIFEST} | {"manifest.json"} == {p.name for p in CORPUS.iterdir()}


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in WRITABLE}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_malformed_file_reports_expected_error_and_writes_nothing(db, entry):
    with db.begin() as conn:
        conn.execute(insert(IndicatorDefinition).values(code="ikp_bawaslu", name="IKP", unit="skor", source="Bawaslu",
                                                        higher_is_riskier=True, min_value=0, max_value=100))
    before = _counts(db)
    data = (CORPUS / entry["file"]).read_bytes()
    kwargs = {"max_bytes": entry["max_bytes"]} if "max_bytes" in entry else {}
    try:
        with db.connect() as conn:
            prepared = prepare_file(conn, SYSTEM, entry["kind"], entry["file"], data, today=TODAY, **kwargs)
    except FileRejected as exc:
        problems = exc.problems
    else:
        problems = prepared.all_problems()
        with pytest.raises(ImportRejected):
            commit(db, SYSTEM, prepared)
    matching = [p for p in problems if p.code == entry["expected"]]
    assert matching, [(p.code, p.reason) for p in problems]
    problem = matching[0]
    assert problem.file == entry["file"] and problem.reason
    if entry["row"] is not None:
        assert problem.row == entry["row"]
    assert _counts(db) == before
