"""Region names as people and foreign datasets write them (issue 13, item 3)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from data_access.imports.parsing import CellError
from data_access.imports.region_match import KABKOTA, RegionMatcher

CODES = Path(__file__).resolve().parents[2] / "assets" / "geo" / "kode_wilayah.csv"


@pytest.fixture
def matcher(db) -> RegionMatcher:
    with db.connect() as conn:
        return RegionMatcher.load(conn)


def _error(matcher: RegionMatcher, text: str, **kwargs) -> CellError:
    with pytest.raises(CellError) as caught:
        matcher.region(text, **kwargs)
    return caught.value


@pytest.mark.parametrize("text,code", [
    ("North Aceh Regency", "11.08"), ("Aceh Utara district", "11.08"), ("Mimika Regency", "94.04"),
    ("Jayapura City", "91.71"), ("Jayapura Regency", "91.03"), ("Kabupaten Jayapura", "91.03"),
    ("Kab. Gowa", "73.06"), ("Makassar city", "73.71"), ("North Central Timor", "53.03"),
    ("Southwest Aceh", "11.12"), ("Kota Administrasi Jakarta Utara", "31.72"), ("Jakarta Utara", "31.72"),
    ("Ujung Pandang", "73.71"), ("Jambi", "15.71"), ("Bengkulu", "17.71"), ("Kota Gorontalo", "75.71"),
    # a bare name in a kab/kota column is the city, even where the province column knows it as the province
    ("Yogyakarta", "34.71"),
    # written together or apart, as ACLED, UCDP and the press do
    ("Pangkalpinang", "19.71"), ("Tanjungpinang", "21.72"), ("Baubau", "74.72"), ("Fakfak", "92.03"),
    ("Tolitoli", "72.04"), ("Palangka Raya", "62.71"), ("Pangkajene Kepulauan", "73.10"),
    # English names ACLED and GADM use that word order alone cannot turn into the Indonesian one
    ("Central Jakarta", "31.71"), ("Thousand Islands", "31.01"), ("Tidore Islands", "82.72"),
    ("Bintuni Bay", "92.06"), ("West Seram", "81.06"), ("Star Mountains", "95.02"),
])
def test_kabkota_names_english_forms_suffixes_and_old_names(matcher, text, code):
    assert matcher.region(text, levels=KABKOTA) == code


def test_every_province_official_name_resolves_in_a_province_column(matcher):
    with CODES.open(encoding="utf-8") as handle:
        provinces = [(r["kode"], r["nama"]) for r in csv.DictReader(handle) if r["level"] == "provinsi"]
    assert len(provinces) == 38
    for code, name in provinces:
        assert code in matcher.provinces(name), name
        assert matcher.region(name, levels=("provinsi",)) == code, name


@pytest.mark.parametrize("text,code", [
    ("DKI Jakarta", "31"), ("Jakarta", "31"), ("DI Yogyakarta", "34"), ("DIY", "34"), ("Yogyakarta", "34"),
    ("NTB", "52"), ("NTT", "53"), ("Babel", "19"), ("Sulut", "71"), ("Kaltim", "64"), ("Sulsel", "73"),
    ("Jambi", "15"), ("Bengkulu", "17"), ("Gorontalo", "75"), ("South Sulawesi province", "73"),
    ("Riau Islands", "21"), ("West Nusa Tenggara", "52"), ("Aceh province", "11"), ("NAD", "11"),
    ("Jakarta Raya province", "31"),
])
def test_province_names_abbreviations_and_capitals_by_the_columns_level(matcher, text, code):
    assert matcher.region(text, levels=("provinsi",)) == code


def test_province_abbreviation_in_a_kabkota_column_is_not_a_kabkota(matcher):
    error = _error(matcher, "Kaltim", levels=KABKOTA)
    assert error.code == "not_kabkota" and "Luwu" not in str(error.params)


def test_old_and_pre_split_province_names_mean_several_provinces(matcher):
    assert matcher.provinces("Irian Jaya") == {"91", "92", "93", "94", "95", "96"}
    assert {"91", "94"} <= matcher.provinces("Papua province")


def test_pre_split_kabupaten_reports_the_possible_new_regions(matcher):
    error = _error(matcher, "Kutai", levels=KABKOTA)
    assert error.code == "old_region"
    for name in ("Kutai Kartanegara", "Kutai Barat", "Kutai Timur", "Kota Bontang"):
        assert name in error.params["suggestions"]


def test_bare_name_shared_by_a_kota_and_an_old_kabupaten_is_ambiguous_unless_decided(matcher):
    error = _error(matcher, "Pontianak", levels=KABKOTA)
    assert error.code == "ambiguous_region" and "Mempawah" in error.params["suggestions"]
    assert matcher.region("Pontianak", levels=KABKOTA, near="61.71") == "61.71"   # coordinates decide
    assert matcher.region("Kota Pontianak", levels=KABKOTA) == "61.71"            # the level decides


def test_adm_1_disambiguates_adm_2(matcher):
    assert _error(matcher, "Banjar", levels=KABKOTA).code == "ambiguous_region"
    assert matcher.region("Banjar", levels=KABKOTA, province=matcher.provinces("South Kalimantan")) == "63.03"
    assert matcher.region("Banjar", levels=KABKOTA, province=matcher.provinces("Jabar")) == "32.79"


@pytest.mark.parametrize("text", ["Baukau", "Lautém", "Dili", "Timor Timur"])
def test_places_in_timor_leste_are_outside_indonesia(matcher, text):
    error = _error(matcher, text, levels=KABKOTA)
    assert error.code == "outside_indonesia_name" and error.params["country"].startswith("Timor-Leste")


@pytest.mark.parametrize("text,never", [("Ilaga", "Langsa"), ("Baukao", "Bau Bau"), ("Lautem Timur", "Luwu")])
def test_suggestions_never_jump_to_a_differently_named_region(matcher, text, never):
    error = _error(matcher, text, levels=KABKOTA)
    assert never not in str(error.params)


def test_misspellings_get_ranked_suggestions_within_the_given_province(matcher):
    error = _error(matcher, "Makasar", levels=KABKOTA, province={"73"})
    assert error.code == "unknown_region_suggest" and error.params["suggestions"].startswith("Kota Makassar")
    # The same typo with another province given finds nothing there, and does not cross over.
    assert _error(matcher, "Makasar", levels=KABKOTA, province={"11"}).code == "unknown_region"
