"""What every row validator shares: the import's context, vocabulary lookups and cell helpers."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from data_access.imports.parsing import (
    MIN_DATE,
    CellError,
    normalise_name,
)
from data_access.imports.region_match import RegionMatcher
from domain.access import Principal
from domain.taxonomy import taxonomy

TEXT_LIMITS = {"source_ref": 120, "actors": 2000, "description": 10000, "outcome": 5000, "name": 160,
               "unit": 40, "source": 120, "incident_ref": 120}
MAX_COUNT = 100_000


@dataclass
class Context:
    """Reference data and the caller, shared by all rows of one import."""

    principal: Principal
    matcher: RegionMatcher
    today: date
    default_source: str | None = None                       # incident source code when the file has none
    source_name: str | None = None                         # the import's source (for indicator values)
    definitions: dict[str, tuple[float | None, float | None, str]] = field(default_factory=dict)
    incidents: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)  # (source, ref) -> (id, kabkota)
    earliest: date = MIN_DATE                               # dates before this are refused
    point: "RowPoint | None" = None                         # the current row's coordinates, placed

    @property
    def province(self) -> str | None:
        code = self.principal.scope.code
        return code.split(".")[0] if code else None


@dataclass(frozen=True)
class RowPoint:
    """Where a row's coordinates fall: kab/kota (None = outside Indonesia), kecamatan, and whether
    the coordinates are precise enough to place a kab/kota (the preset's precision column)."""

    kabkota: str | None
    kecamatan: str | None
    trusted: bool
    precision: str = ""
    near: bool = False      # just outside every polygon, placed on the nearest (a simplified coastline)


Report = Callable[..., None]  # report(field_key, code, **params)


VOCABULARY_NAMES = {
    "category": "kategori", "severity": "tingkat keparahan", "arena": "arena", "source": "sumber",
    "verification": "verifikasi", "sensitivity": "sensitivitas", "handling_status": "status penanganan",
    "stage": "tahap", "action_type": "jenis tindakan", "agency": "instansi", "action_status": "status tindakan",
}


class _Vocab:
    """Code-or-label lookup for one taxonomy vocabulary, with suggestions."""

    def __init__(self, vocabulary: str):
        labels = taxonomy().labels(vocabulary)
        self.vocabulary = VOCABULARY_NAMES.get(vocabulary, vocabulary)
        self.name = vocabulary
        self.index = {normalise_name(code): code for code in labels}
        self.index.update({normalise_name(label): code for code, label in labels.items()})
        self.index.update({normalise_name(code.replace("_", " ")): code for code in labels})

    def __call__(self, text: str) -> str:
        key = normalise_name(text)
        if key in self.index:
            return self.index[key]
        close = difflib.get_close_matches(key, list(self.index), n=3, cutoff=0.6)
        if close:
            raise CellError("unknown_code_suggest", vocabulary=self.vocabulary,
                            suggestions=", ".join(dict.fromkeys(self.index[c] for c in close)))
        raise CellError("unknown_code", vocabulary=self.vocabulary,
                        choices=", ".join(taxonomy().codes(self.name)))


_VOCABS: dict[str, _Vocab] = {}


def vocab(name: str) -> _Vocab:
    if name not in _VOCABS:
        _VOCABS[name] = _Vocab(name)
    return _VOCABS[name]


def _cell(cells: dict[str, str], key: str) -> str:
    return cells.get(key, "").strip()


def _apply(report: Report, key: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except CellError as exc:
        report(key, exc.code, **exc.params)
        return None


def _check_date(ctx: Context, value: date) -> date:
    if value > ctx.today:
        raise CellError("future_date", today=ctx.today.isoformat())
    if value < ctx.earliest:
        raise CellError("too_old_date", minimum=ctx.earliest.isoformat())
    return value


def _text(report: Report, cells: dict[str, str], key: str, column: str) -> str | None:
    text = _cell(cells, key)
    limit = TEXT_LIMITS.get(column)
    if limit and len(text) > limit:
        report(key, "too_long", length=len(text), limit=limit)
        return None
    return text


def _region_in_scope(ctx: Context, report: Report, key: str, code: str | None) -> str | None:
    if code is not None and not ctx.principal.scope.contains(code):
        report(key, "out_of_scope", region=ctx.matcher.label(code))
        return None
    return code
