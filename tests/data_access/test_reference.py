"""Every kab/kota in the database has exactly one polygon in assets/geo, and every polygon a region."""
import json

from sqlalchemy import select

from data_access.models import Region
from data_access.reference import GEO_DIR


def _feature_codes(name: str) -> list[str]:
    return [f["properties"]["kode"] for f in json.loads((GEO_DIR / name).read_text())["features"]]


def _codes(engine, *levels, prefix=""):
    with engine.connect() as conn:
        rows = conn.execute(select(Region.code).where(Region.level.in_(levels))).scalars()
        return {c for c in rows if c.startswith(prefix)}


def test_every_kabkota_has_one_polygon_and_vice_versa(engine):
    features = _feature_codes("idn_kabkota.geojson")
    assert len(features) == len(set(features)) == 514
    assert set(features) == _codes(engine, "kabupaten", "kota")


def test_every_province_has_one_polygon_and_vice_versa(engine):
    features = _feature_codes("idn_provinsi.geojson")
    assert len(features) == len(set(features)) == 38
    assert set(features) == _codes(engine, "provinsi")


def test_sulsel_kecamatan_polygons_match_the_code_list(engine):
    features = _feature_codes("sulsel_kecamatan.geojson")
    assert len(features) == len(set(features)) == 313
    assert set(features) == _codes(engine, "kecamatan", prefix="73.")


def test_attribution_ships_with_the_boundaries():
    licence = (GEO_DIR / "LICENSE-UPSTREAM.txt").read_text()
    assert "Cahya DSN" in licence and "MIT" in licence
