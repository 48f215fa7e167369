"""Source presets: readable TOML files in ``assets/import_presets/`` that say how a known export maps.

A preset names the kind of import, the source, the column mapping, fixed values, value maps and
derivations (:mod:`data_access.imports.mapping_spec`), which level the region column holds and,
optionally, which column grades the coordinates' precision, which grades the date's, and which
countries' rows belong (``[country]``: a global export's other rows are refused). Users copy and edit
these files; a broken file fails loudly with its name and the reason.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from data_access.imports.kinds import KINDS
from data_access.imports.mapping_spec import MappingSpec, SpecError

PRESETS_DIR = Path(__file__).resolve().parents[2] / "assets" / "import_presets"
REGION_LEVELS = ("kabkota", "provinsi", "kecamatan")


class PresetError(ValueError):
    """A preset that does not exist or is not well formed."""


@dataclass(frozen=True)
class Precision:
    """Coordinates are trusted for placing a kab/kota only when ``column`` ≤ ``max_for_kabkota``."""

    column: str
    max_for_kabkota: float


@dataclass(frozen=True)
class CountryRule:
    """Rows whose ``column`` holds a country not in ``values`` are refused (a global or regional export)."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class DatePrecision:
    """Rows whose ``column`` grades the date coarser than ``max`` (e.g. UCDP date_prec 5: year only) are refused."""

    column: str
    max: float


@dataclass(frozen=True)
class Preset:
    name: str                       # file stem, used by ``--preset``
    label: str
    description: str
    kind: str
    source_name: str                # the import's source (shown in history, keys the saved mapping)
    mapping: MappingSpec
    region_level: str = "kabkota"   # what the file's region column holds
    precision: Precision | None = None
    earliest: date | None = None
    country: CountryRule | None = None
    date_precision: DatePrecision | None = None


def preset_names(directory: Path = PRESETS_DIR) -> list[str]:
    """The presets available, by name."""
    if not directory.is_dir():
        raise PresetError(f"folder preset tidak ditemukan: {directory}")
    return sorted(p.stem for p in directory.glob("*.toml"))


def load_preset(name: str, directory: Path = PRESETS_DIR) -> Preset:
    """Read and check one preset; raises :class:`PresetError` naming the file and the problem."""
    path = directory / f"{name}.toml"
    if not path.is_file():
        raise PresetError(f"preset '{name}' tidak ada; pilihan: {', '.join(preset_names(directory))}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PresetError(f"{path.name}: bukan TOML yang sah ({exc})") from None
    return parse_preset(name, data, path.name)


def parse_preset(name: str, data: dict, where: str) -> Preset:
    kind = data.get("kind", "incidents")
    if kind not in KINDS:
        raise PresetError(f"{where}: jenis '{kind}' tidak dikenal")
    try:
        mapping = MappingSpec.from_json({**{k: data.get(k, {}) for k in ("columns", "fixed", "value_maps", "derive")},
                                         "guess": data.get("guess", True)})
    except SpecError as exc:
        raise PresetError(f"{where}: {exc}") from None
    fields = {f.key for f in KINDS[kind].fields}
    unknown = sorted(mapping.provided - fields)
    if unknown:
        raise PresetError(f"{where}: bidang tidak dikenal: {', '.join(unknown)}")
    level = data.get("region_level", "kabkota")
    if level not in REGION_LEVELS:
        raise PresetError(f"{where}: region_level harus salah satu dari {', '.join(REGION_LEVELS)}")
    precision = _graded(data, "precision", "max_for_kabkota", Precision, where)
    earliest = data.get("earliest")
    if earliest is not None and not isinstance(earliest, date):
        raise PresetError(f"{where}: earliest harus tanggal TOML, mis. 1989-01-01")
    country = None
    if "country" in data:
        raw = data["country"]
        values = raw.get("values") if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or "column" not in raw or not isinstance(values, list) or not values:
            raise PresetError(f"{where}: country perlu 'column' dan daftar 'values'")
        country = CountryRule(str(raw["column"]), tuple(str(v) for v in values))
    date_precision = _graded(data, "date_precision", "max", DatePrecision, where)
    return Preset(name, str(data.get("label", name)), str(data.get("description", "")), kind,
                  str(data.get("source_name", data.get("label", name))), mapping, level, precision, earliest,
                  country, date_precision)


def _graded(data: dict, key: str, limit: str, rule: type, where: str):
    """The ``[key]`` table's ``column`` and numeric ``limit`` as ``rule(column, limit)``; None without the table."""
    if key not in data:
        return None
    raw = data[key]
    try:
        return rule(str(raw["column"]), float(raw[limit]))
    except (KeyError, TypeError, ValueError):
        raise PresetError(f"{where}: {key} perlu 'column' dan '{limit}'") from None


def all_presets(directory: Path = PRESETS_DIR) -> list[Preset]:
    return [load_preset(name, directory) for name in preset_names(directory)]
