"""Recognising regions as people write them: codes, official names, "Kab. Gowa", "GOWA", "Pangkep", "Mks".

Short names and abbreviations used by local offices and the press live in the data
file ``assets/region_aliases.csv`` (alias, code, note), so adding one needs no code.
Unknown or misspelt names get suggestions (difflib); a bare name shared by a
kabupaten and a kota ("Bandung") is ambiguous unless the caller's province settles it.
"""
from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from data_access.imports.parsing import CellError, normalise_name
from data_access.models import Region
from domain.regions import display_name

ALIASES_FILE = Path(__file__).resolve().parents[2] / "assets" / "region_aliases.csv"
KABKOTA = ("kabupaten", "kota")

_PREFIXES = (
    ("kabupaten ", "kabupaten"), ("kab ", "kabupaten"),
    ("kotamadya ", "kota"), ("kota ", "kota"),
    ("provinsi ", "provinsi"), ("prov ", "provinsi"), ("propinsi ", "provinsi"),
    ("kecamatan ", "kecamatan"), ("kec ", "kecamatan"),
)
_NUMERIC = re.compile(r"^\d{2}(\d{2}(\d{2,3})?)?$")


def code_from_text(text: str) -> str | None:
    """``"73.06"``/``"7306"``/``"730601"`` → dotted Kemendagri code, or None when not code-like."""
    raw = text.strip()
    if re.fullmatch(r"\d{2}(\.\d{2}(\.\d{2,3})?)?", raw):
        return raw
    if _NUMERIC.match(raw):
        return ".".join(filter(None, (raw[:2], raw[2:4], raw[4:])))
    return None


@dataclass
class RegionMatcher:
    """Resolves region texts against the reference regions (built once per import)."""

    names: dict[str, tuple[str, str, str | None]]           # code -> (name, level, parent_code)
    by_base: dict[str, list[str]] = field(default_factory=dict)      # "gowa" -> codes (kab/kota, provinsi)
    by_kecamatan: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (kabkota, base) -> codes
    aliases: dict[str, str] = field(default_factory=dict)    # normalised alias -> code

    @classmethod
    def load(cls, conn: Connection, aliases_file: Path = ALIASES_FILE) -> "RegionMatcher":
        rows = conn.execute(select(Region.code, Region.name, Region.level, Region.parent_code)).all()
        matcher = cls({code: (name, level, parent) for code, name, level, parent in rows})
        for code, name, level, parent in rows:
            base = _strip_prefix(normalise_name(name))[1]
            if level == "kecamatan":
                matcher.by_kecamatan.setdefault((parent or "", base), []).append(code)
            else:
                matcher.by_base.setdefault(base, []).append(code)
        if aliases_file.exists():
            with aliases_file.open(encoding="utf-8", newline="") as handle:
                for record in csv.DictReader(handle):
                    if record["code"] in matcher.names:
                        matcher.aliases[normalise_name(record["alias"])] = record["code"]
        return matcher

    def label(self, code: str) -> str:
        name, level, _ = self.names[code]
        return display_name(name, level)

    def level(self, code: str) -> str:
        return self.names[code][1]

    def region(self, text: str, *, levels: tuple[str, ...] = ("provinsi", *KABKOTA),
               province: str | None = None) -> str:
        """The code of a province or kab/kota written as ``text``; raises :class:`CellError` if unsure.

        ``province`` (the caller's province) settles names that exist in several provinces.
        """
        code = code_from_text(text)
        if code is not None:
            if code not in self.names:
                raise CellError("unknown_region")
            if self.level(code) not in levels:
                raise CellError("not_kabkota", level=self.level(code))
            return code
        normalised = normalise_name(text)
        if not normalised:
            raise CellError("required")
        wanted_level, base = _strip_prefix(normalised)
        candidates: list[str] = []
        for key in (normalised, base):
            alias = self.aliases.get(key)
            if alias and (wanted_level is None or self.level(alias) == wanted_level):
                candidates = [alias]
                break
        if not candidates:
            candidates = [c for c in self.by_base.get(base, [])
                          if wanted_level is None or self.level(c) == wanted_level]
        candidates = [c for c in candidates if self.level(c) in levels or self.level(c) == "provinsi"]
        if len(candidates) > 1 and province:
            local = [c for c in candidates if c.split(".")[0] == province]
            candidates = local or candidates
        if len(candidates) > 1:
            # A province and its capital-less namesake (rare) or kab & kota of the same name.
            raise CellError("ambiguous_region", suggestions=self._format(candidates))
        if candidates:
            code = candidates[0]
            if self.level(code) not in levels:
                raise CellError("not_kabkota", level=self.level(code))
            return code
        suggestions = self.suggest(normalised, levels=levels, province=province)
        if suggestions:
            raise CellError("unknown_region_suggest", suggestions=self._format(suggestions))
        raise CellError("unknown_region")

    def kecamatan(self, text: str, kabkota_code: str) -> str:
        """The code of a kecamatan inside ``kabkota_code`` (kecamatan names repeat across Indonesia)."""
        code = code_from_text(text)
        kab_label = self.label(kabkota_code)
        if code is not None:
            if code not in self.names or self.level(code) != "kecamatan":
                raise CellError("unknown_kecamatan", kabkota=kab_label)
            if self.names[code][2] != kabkota_code:
                raise CellError("kecamatan_mismatch", kabkota=kab_label)
            return code
        base = _strip_prefix(normalise_name(text))[1]
        found = self.by_kecamatan.get((kabkota_code, base), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError("ambiguous_region", suggestions=self._format(found))
        raise CellError("unknown_kecamatan", kabkota=kab_label)

    def suggest(self, normalised: str, *, levels: tuple[str, ...], province: str | None) -> list[str]:
        """Up to three codes whose names look like ``normalised``."""
        pool: dict[str, str] = {}
        for base, codes in self.by_base.items():
            for code in codes:
                if self.level(code) in levels and (province is None or code.split(".")[0] == province):
                    pool.setdefault(base, code)
        for alias, code in self.aliases.items():
            if self.level(code) in levels and (province is None or code.split(".")[0] == province):
                pool.setdefault(alias, code)
        base = _strip_prefix(normalised)[1]
        close = difflib.get_close_matches(base, list(pool), n=3, cutoff=0.7)
        if not close and province is not None:
            return self.suggest(normalised, levels=levels, province=None)
        return list(dict.fromkeys(pool[name] for name in close))

    def _format(self, codes: list[str]) -> str:
        return ", ".join(f"{self.label(c)} ({c})" for c in codes)


def _strip_prefix(normalised: str) -> tuple[str | None, str]:
    for prefix, level in _PREFIXES:
        if normalised.startswith(prefix):
            return level, normalised[len(prefix):]
    return None, normalised
