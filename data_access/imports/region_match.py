"""Recognising regions as people write them: codes, official names, "Kab. Gowa", "GOWA", "Pangkep", "Mks".

Short names and abbreviations used by local offices and the press live in the data
file ``assets/region_aliases.csv`` (alias, code, note), so adding one needs no code.
English forms and suffixes are understood (:mod:`data_access.imports.region_names`); old and
pre-split names (``assets/region_history.csv``) say which current regions they may mean, and
places outside Indonesia listed there (Timor-Leste) are reported as such. Unknown or misspelt
names get suggestions ranked by string similarity (rapidfuzz), only within the province the row
gives and never below a similarity that would jump to a differently named region. A bare name
shared by a kabupaten and a kota ("Bandung") is ambiguous unless the province, the coordinates or
the column's level settle it.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, select

from data_access.imports.parsing import CellError, normalise_name
from data_access.imports.region_names import split_name
from data_access.models import Region
from domain.regions import display_name

ALIASES_FILE = Path(__file__).resolve().parents[2] / "assets" / "region_aliases.csv"
HISTORY_FILE = Path(__file__).resolve().parents[2] / "assets" / "region_history.csv"
SIMILARITY_CUTOFF = 80  # rapidfuzz ratio; "Baukau"/"Bau Bau" (77) and "Ilaga"/"Langsa" (73) stay apart
KABKOTA = ("kabupaten", "kota")

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
    by_compact: dict[str, list[str]] = field(default_factory=dict)   # "pangkalpinang" -> codes (no spaces)
    by_kecamatan: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (kabkota, base) -> codes
    aliases: dict[str, list[str]] = field(default_factory=dict)      # normalised alias -> codes
    history: dict[str, list[tuple[str | None, tuple[str, ...], str]]] = field(default_factory=dict)
    # A file repeats the same few hundred names: answers (codes or errors) are remembered per import.
    _memo: dict[tuple, str | set[str] | CellError] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, conn: Connection, aliases_file: Path = ALIASES_FILE,
             history_file: Path = HISTORY_FILE) -> "RegionMatcher":
        rows = conn.execute(select(Region.code, Region.name, Region.level, Region.parent_code)).all()
        matcher = cls({code: (name, level, parent) for code, name, level, parent in rows})
        for code, name, level, parent in rows:
            base = split_name(name)[1]
            if level == "kecamatan":
                matcher.by_kecamatan.setdefault((parent or "", base), []).append(code)
            else:
                matcher.by_base.setdefault(base, []).append(code)
                matcher.by_compact.setdefault(base.replace(" ", ""), []).append(code)
        with aliases_file.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                if record["code"] in matcher.names:
                    codes = matcher.aliases.setdefault(normalise_name(record["alias"]), [])
                    if record["code"] not in codes:
                        codes.append(record["code"])
        with history_file.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                codes = tuple(c for c in record["codes"].split() if c in matcher.names)
                matcher.history.setdefault(split_name(record["name"])[1], []).append(
                    (record["level"] or None, codes, record["note"]))
        return matcher

    def label(self, code: str) -> str:
        name, level, _ = self.names[code]
        return display_name(name, level)

    def level(self, code: str) -> str:
        return self.names[code][1]

    def _found(self, text: str, levels: tuple[str, ...]) -> tuple[list[str], list[tuple[str | None, tuple, str]]]:
        """Current regions named ``text`` (within ``levels``) and the old-name entries it matches."""
        hint, base = split_name(text)

        def fitting(codes: list[str]) -> list[str]:
            # the level is checked before falling back, so a province-only alias ("Yogyakarta" in a province
            # column) does not hide the kab/kota of the same name
            return [c for c in codes if (hint is None or self.level(c) == hint) and self.level(c) in levels]

        found: list[str] = []
        for key in (normalise_name(text), base):
            found = fitting(self.aliases.get(key, []))
            if found:
                break
        if not found:
            found = fitting(self.by_base.get(base, []))
        if not found:   # written together or apart: "Pangkalpinang", "Bau-Bau", "Palangka Raya", "Fakfak"
            found = fitting(self.by_compact.get(base.replace(" ", ""), []))
        old = [entry for entry in self.history.get(base, [])
               if entry[0] is None or hint is None or entry[0] == hint]
        return found, old

    def provinces(self, text: str) -> set[str]:
        """Province codes a province column's text may mean (an old or pre-split name gives several)."""
        key = ("provinces", text)
        if key not in self._memo:
            self._memo[key] = self._provinces(text)
        return set(self._memo[key])

    def _provinces(self, text: str) -> set[str]:
        code = code_from_text(text)
        if code is not None:
            return {code} if code in self.names and self.level(code) == "provinsi" else set()
        found, old = self._found(text, ("provinsi",))
        out = set(found)
        for level, codes, _ in old:
            if level == "provinsi":
                out |= set(codes)
        return out

    def region(self, text: str, *, levels: tuple[str, ...] = ("provinsi", *KABKOTA),
               province: str | set[str] | None = None, near: str | None = None) -> str:
        """The code of a province or kab/kota written as ``text``; raises :class:`CellError` if unsure.

        ``province`` (the row's or the caller's province, or a set of them) and ``near`` (the
        kab/kota the row's coordinates fall in) settle names that exist in several places.
        """
        key = ("region", text, levels, province if isinstance(province, (str, type(None))) else frozenset(province),
               near)
        if key not in self._memo:
            try:
                self._memo[key] = self._region(text, levels, province, near)
            except CellError as exc:
                self._memo[key] = exc
        found = self._memo[key]
        if isinstance(found, CellError):
            raise CellError(found.code, **found.params)
        return found

    def _region(self, text: str, levels: tuple[str, ...], province: str | set[str] | None,
                near: str | None) -> str:
        code = code_from_text(text)
        if code is not None:
            if code not in self.names:
                raise CellError("unknown_region")
            if self.level(code) not in levels:
                raise CellError("not_kabkota", level=self.level(code))
            return code
        if not normalise_name(text):
            raise CellError("required")
        provinces = {province} if isinstance(province, str) else set(province or ())
        found, old = self._found(text, levels)
        if any(not codes and note for _, codes, note in old) and not found:
            raise CellError("outside_indonesia_name", country=next(n for _, c, n in old if not c))
        successors = [c for _, codes, _ in old for c in codes if self.level(c) in levels]
        if near is not None and (near in found or near in successors):
            return near
        if provinces:
            found = [c for c in found if c.split(".")[0] in provinces] or found
            successors = [c for c in successors if c.split(".")[0] in provinces] or successors
        hint = split_name(text)[0]
        if len(found) == 1 and (not successors or hint == self.level(found[0]) or found[0] in successors):
            return found[0]
        if found and successors and found[0] not in successors:
            # A bare name that is also an old name ("Pontianak": the kota, or the old kabupaten).
            raise CellError("ambiguous_region", suggestions=self._format(list(dict.fromkeys(found + successors))))
        if len(found) > 1:
            raise CellError("ambiguous_region", suggestions=self._format(found))
        if successors:
            if len(set(successors)) == 1:
                return successors[0]
            note = next(n for _, c, n in old if c)
            raise CellError("old_region", note=note, suggestions=self._format(list(dict.fromkeys(successors))))
        if not levels == ("provinsi",) and "provinsi" not in levels:
            as_province, _ = self._found(text, ("provinsi",))
            if as_province:
                raise CellError("not_kabkota", level="provinsi")
        suggestions = self.suggest(text, levels=levels, provinces=provinces)
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
        base = split_name(text)[1]
        found = self.by_kecamatan.get((kabkota_code, base), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError("ambiguous_region", suggestions=self._format(found))
        raise CellError("unknown_kecamatan", kabkota=kab_label)

    def suggest(self, text: str, *, levels: tuple[str, ...], provinces: set[str] | None = None) -> list[str]:
        """Up to three codes whose names look like ``text``, within ``provinces`` when known."""
        pool: dict[str, str] = {}
        for names in (self.by_base, self.aliases):
            for base, codes in names.items():
                for code in codes:
                    if self.level(code) in levels and (not provinces or code.split(".")[0] in provinces):
                        pool.setdefault(base, code)
        base = split_name(text)[1]
        close = process.extract(base, list(pool), scorer=fuzz.ratio, limit=6, score_cutoff=SIMILARITY_CUTOFF)
        return list(dict.fromkeys(pool[name] for name, _, _ in close))[:3]

    def _format(self, codes: list[str]) -> str:
        return ", ".join(f"{self.label(c)} ({c})" for c in codes)
