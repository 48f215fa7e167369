import dataclasses

import pytest

from scoring.config import load_methodology, parse_methodology
from scoring.inputs import ScoringInputs
from tests.scoring import fixtures as fx


def test_default_methodology_is_versioned_and_frozen():
    m = load_methodology()
    assert m.version == "2027.1"
    assert dict(m.component_weights) == {"struktural": 0.5, "tekanan": 0.3, "eskalasi": 0.2}
    codes = {i.code for i in m.struktural.indicators}
    assert codes == set(fx.DEFINITIONS["code"])
    assert m.struktural.indicator("indeks_kerukunan").higher_is_riskier is False
    assert m.struktural.indicator("kepadatan").normalisation.transform == "log"
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.version = "x"


def test_invalid_methodology_is_rejected():
    import tomllib
    from scoring.config import METHODOLOGY_FILE
    raw = tomllib.loads(METHODOLOGY_FILE.read_text())
    raw["kategori"]["mode"] = "aneh"
    with pytest.raises(ValueError, match="kategori.mode"):
        parse_methodology(raw)


def test_inputs_validate_columns_and_types():
    inputs = fx.make_inputs(2, [("73.01", "2024-01", "kemiskinan", 10.0)])
    assert len(inputs.incident_daily) == 0 and list(inputs.declarations.columns)[0] == "region_code"
    with pytest.raises(ValueError, match="regions: kolom wajib tidak ada: population"):
        ScoringInputs.from_frames(fx.regions().drop(columns="population"), fx.DEFINITIONS, fx.values([]))
    bad = fx.values([("73.01", "2024-01", "kemiskinan", 1.0)]).astype({"value": str})
    with pytest.raises(ValueError, match="indicator_values.value: tipe data harus float"):
        ScoringInputs.from_frames(fx.regions(), fx.DEFINITIONS, bad)
    with pytest.raises(ValueError, match="period"):
        ScoringInputs.from_frames(fx.regions(), fx.DEFINITIONS, fx.values([("73.01", "2024/01", "x", 1.0)]))
    daily = fx.incidents([("73.01", "2024-01-05", "sara", "nyata", "berat", 1, 0, 0, 0)])
    daily["day"] = daily["day"].astype(str)
    with pytest.raises(ValueError, match="incident_daily.day: tipe data harus datetime"):
        ScoringInputs.from_frames(fx.regions(), fx.DEFINITIONS, fx.values([]), daily)


def test_inputs_do_not_mutate_caller_frames():
    regions = fx.regions()
    regions["population"] = regions["population"].astype("float32")
    ScoringInputs.from_frames(regions, fx.DEFINITIONS, fx.values([]))
    assert regions["population"].dtype == "float32"
