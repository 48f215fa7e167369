"""Region names as people and foreign datasets write them → a level hint and a base name.

"Kabupaten Gowa", "Kab. Gowa", "Gowa Regency", "North Aceh Regency", "Aceh Utara district",
"Jayapura City", "Kota Administrasi Jakarta Pusat", "Riau Islands province" all reduce to the
base name used in the reference list ("gowa", "aceh utara", "jayapura", "jakarta pusat",
"kepulauan riau") plus the level the words say (kabupaten, kota, provinsi or none).
"""
from __future__ import annotations

from functools import lru_cache

from data_access.imports.parsing import normalise_name

_PREFIXES = (
    ("kabupaten administrasi ", "kabupaten"), ("kota administrasi ", "kota"), ("kotamadya ", "kota"),
    ("kabupaten ", "kabupaten"), ("kab ", "kabupaten"), ("kota ", "kota"), ("kodya ", "kota"),
    ("provinsi ", "provinsi"), ("prov ", "provinsi"), ("propinsi ", "provinsi"), ("province of ", "provinsi"),
    ("regency of ", "kabupaten"), ("city of ", "kota"),
    ("kecamatan ", "kecamatan"), ("kec ", "kecamatan"), ("distrik ", "kecamatan"),
)
# English (and Indonesian) words written after the name. "district" says nothing certain: UCDP
# uses it for kab/kota (adm_2), Indonesian English for kecamatan; the column decides.
_SUFFIXES = (
    (" regency", "kabupaten"), (" kabupaten", "kabupaten"), (" kab", "kabupaten"),
    (" city", "kota"), (" municipality", "kota"), (" kota", "kota"), (" town", None),
    (" province", "provinsi"), (" provinsi", "provinsi"), (" prov", "provinsi"),
    (" district", None), (" subdistrict", "kecamatan"), (" sub district", "kecamatan"),
)
_DIRECTIONS = {
    "north": "utara", "south": "selatan", "east": "timur", "west": "barat", "central": "tengah",
    "southeast": "tenggara", "southwest": "barat daya", "northeast": "timur laut", "northwest": "barat laut",
}


@lru_cache(maxsize=65536)
def split_name(text: str) -> tuple[str | None, str]:
    """``(level hint, base name)`` of a region as written."""
    name = normalise_name(text)
    level: str | None = None
    changed = True
    while changed:
        changed = False
        for prefix, hint in _PREFIXES:
            if name.startswith(prefix):
                name, level, changed = name[len(prefix):], level or hint, True
        for suffix, hint in _SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                name, level, changed = name[: -len(suffix)], level or hint, True
    return level, _indonesian_order(name)


def _indonesian_order(name: str) -> str:
    """"north aceh" → "aceh utara", "north central timor" → "timor tengah utara", "riau islands" →
    "kepulauan riau"; Indonesian names pass unchanged."""
    words = name.split()
    if len(words) > 1 and words[-1] in ("islands", "island"):
        words = ["kepulauan" if words[-1] == "islands" else "pulau", *words[:-1]]
    if words[:2] == ["south", "east"] or words[:2] == ["south", "west"] or words[:2] == ["north", "east"] \
            or words[:2] == ["north", "west"]:
        words = [words[0] + words[1], *words[2:]]
    lead = []
    while len(words) > 1 and words[0] in _DIRECTIONS:
        lead.append(_DIRECTIONS[words.pop(0)])
    if lead:
        words = [*words, *reversed(lead)]
    return " ".join(words)
