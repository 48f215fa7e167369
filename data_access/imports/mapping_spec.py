"""A full mapping: file columns → fields, plus fixed values, value maps and derivations.

A plain ``{file column: field}`` dict (the older saved form) is still accepted everywhere.
The structured form is what presets (``assets/import_presets/*.toml``) and saved mappings hold::

    {"columns": {"id": "ref_sumber", ...},
     "fixed": {"arena": "nyata"},
     "value_maps": {"kategori": {"column": "type_of_violence", "values": {"2": "bentrok_antarwarga"},
                                 "default": "lainnya"}},
     # with "with_column", keys may name both cells: {"Mob violence / 55": …, "Mob violence": …}
     "derive": {"tingkat": {"how": "bands", "columns": ["best"],
                            "bands": [{"from": 0, "value": "ringan"}, {"from": 1, "value": "sedang"}]},
                "aktor": {"how": "join", "columns": ["side_a", "side_b"], "separator": " vs "}}}

Derivations: ``join`` (non-empty cells joined by ``separator``), ``template`` (``{column}``
placeholders), ``bands`` (a number, or the sum of several columns, → the value of the highest band
whose ``from`` it reaches), ``sum`` (whole-number sum), ``first`` (first non-empty cell).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from data_access.imports.parsing import CellError, normalise_name, parse_number

DERIVATIONS = ("join", "template", "bands", "sum", "first")


class SpecError(ValueError):
    """A mapping or preset that is not well formed (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class ValueMap:
    column: str
    values: dict[str, str]            # normalised source value (or "value / other") -> field text
    default: str | None = None        # for values not listed; None = pass the text on (validation reports it)
    with_column: str | None = None    # a second column: a "value / other" key wins over the plain "value" key

    def apply(self, text: str, other: str = "") -> str:
        if self.with_column is not None and other.strip():
            both = normalise_name(f"{text} {other}")
            if both in self.values:
                return self.values[both]
        key = normalise_name(text)
        if key in self.values:
            return self.values[key]
        if self.default is not None and text.strip():
            return self.default
        return text

    def lists(self, text: str, other: str = "") -> bool:
        """Whether ``text`` (with ``other``) has its own entry, rather than falling to the default."""
        return normalise_name(text) in self.values or (
            self.with_column is not None and normalise_name(f"{text} {other}") in self.values)

    def to_json(self) -> dict[str, Any]:
        return {"column": self.column, "values": dict(self.values),
                **({"default": self.default} if self.default is not None else {}),
                **({"with_column": self.with_column} if self.with_column is not None else {})}


@dataclass(frozen=True)
class Derivation:
    how: str
    columns: tuple[str, ...]
    separator: str = " vs "
    template: str = ""
    bands: tuple[tuple[float, str], ...] = ()

    def apply(self, cells: dict[str, str]) -> str:
        values = [cells.get(c, "").strip() for c in self.columns]
        if self.how == "join":
            return self.separator.join(v for v in values if v)
        if self.how == "first":
            return next((v for v in values if v), "")
        if self.how == "template":
            text = string.Formatter().vformat(self.template, (), _Blank(cells))
            # Empty placeholders leave dangling separators: tidy them.
            text = re.sub(r"(\s*[.;,:]\s*){2,}", ". ", text)
            return re.sub(r"\s{2,}", " ", text).strip(" .;,:")
        numbers = [_number(v) for v in values if v]
        if not numbers or any(n is None for n in numbers):
            return "" if not numbers else next(v for v in values if v and _number(v) is None)
        total = sum(n for n in numbers if n is not None)
        if self.how == "sum":
            return str(int(total)) if float(total).is_integer() else str(total)
        chosen = ""
        for start, value in self.bands:
            if total >= start:
                chosen = value
        return chosen

    def inputs(self) -> tuple[str, ...] | None:
        """The file columns :meth:`apply` reads (None: a template whose fields are not plain column names)."""
        if self.how != "template":
            return tuple(dict.fromkeys(self.columns))
        try:
            parts = [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(self.template)
                     if name is not None]
        except ValueError:
            return None
        names = [name for name, _ in parts]
        if any(not name or name.isdigit() or "." in name or "[" in name or "{" in spec for name, spec in parts):
            return None
        return tuple(dict.fromkeys(names))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"how": self.how, "columns": list(self.columns)}
        if self.how == "join":
            out["separator"] = self.separator
        if self.how == "template":
            out["template"] = self.template
        if self.how == "bands":
            out["bands"] = [{"from": start, "value": value} for start, value in self.bands]
        return out


class _Blank(dict):
    def __init__(self, cells: dict[str, str]):
        super().__init__({k: v.strip() for k, v in cells.items()})

    def __missing__(self, key: str) -> str:
        return ""


def _number(text: str) -> float | None:
    try:
        return parse_number(text)
    except CellError:
        return None


@dataclass(frozen=True)
class MappingSpec:
    """How a file's columns become the fields of one kind of import."""

    columns: dict[str, str] = field(default_factory=dict)                 # file column -> field
    fixed: dict[str, str] = field(default_factory=dict)                   # field -> text
    value_maps: dict[str, ValueMap] = field(default_factory=dict)         # field -> map
    derive: dict[str, Derivation] = field(default_factory=dict)           # field -> derivation
    guess: bool = True                                                    # also recognise headers by name

    @property
    def provided(self) -> set[str]:
        """Fields this mapping fills (from a column, a fixed value, a value map or a derivation)."""
        return set(self.columns.values()) | set(self.fixed) | set(self.value_maps) | set(self.derive)

    def source_columns(self) -> set[str]:
        """Every file column the mapping reads."""
        used = set(self.columns)
        used |= {m.column for m in self.value_maps.values()}
        used |= {m.with_column for m in self.value_maps.values() if m.with_column is not None}
        for d in self.derive.values():
            used |= set(d.columns)
            if d.how == "template":
                used |= {name for _, name, _, _ in string.Formatter().parse(d.template) if name}
        return used

    def origin(self, field_key: str) -> str | None:
        """The file column(s) a field comes from, for problem messages."""
        for column, target in self.columns.items():
            if target == field_key:
                return column
        if field_key in self.value_maps:
            return self.value_maps[field_key].column
        if field_key in self.derive:
            return " + ".join(self.derive[field_key].columns)
        return None

    def cells(self, row: dict[str, str]) -> dict[str, str]:
        """Field texts of one row given as ``{file column: text}``."""
        out = {target: row.get(column, "") for column, target in self.columns.items()}
        for key, text in self.fixed.items():
            if not out.get(key, "").strip():
                out[key] = text
        for key, vmap in self.value_maps.items():
            if not out.get(key, "").strip():
                out[key] = vmap.apply(row.get(vmap.column, ""), row.get(vmap.with_column or "", ""))
        for key, derivation in self.derive.items():
            if not out.get(key, "").strip():
                out[key] = derivation.apply(row)
        return out

    def cells_columns(self, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> dict[str, list[str]]:
        """The same field texts as :meth:`cells` for every row, built column by column: value maps and
        derivations are computed once per distinct input (a file repeats the same few values)."""
        by_column = dict(zip(header, zip(*rows))) if rows else {}
        blank = [""] * len(rows)

        def column(name: str) -> list[str] | tuple[str, ...]:
            return by_column.get(name, blank)

        out: dict[str, list[str]] = {target: list(column(name)) for name, target in self.columns.items()}

        def fill(key: str, values) -> None:
            current = out.get(key)
            if current is None:
                out[key] = list(values)
            else:
                out[key] = [old if old.strip() else new for old, new in zip(current, values)]

        for key, text in self.fixed.items():
            fill(key, [text] * len(rows))
        for key, vmap in self.value_maps.items():
            pairs = list(zip(column(vmap.column), column(vmap.with_column) if vmap.with_column else blank))
            memo = {pair: vmap.apply(*pair) for pair in set(pairs)}
            fill(key, [memo[pair] for pair in pairs])
        for key, derivation in self.derive.items():
            names = derivation.inputs()
            if names is None:  # a template with indexed or positional fields: row by row
                fill(key, [derivation.apply(dict(zip(header, raw))) for raw in rows])
                continue
            inputs = list(zip(*(column(n) for n in names))) if names else [()] * len(rows)
            memo_d: dict[tuple[str, ...], str] = {}
            for values in set(inputs):
                memo_d[values] = derivation.apply(dict(zip(names, values)))
            fill(key, [memo_d[values] for values in inputs])
        return out

    def with_columns(self, columns: dict[str, str]) -> "MappingSpec":
        return MappingSpec(dict(columns), dict(self.fixed), dict(self.value_maps), dict(self.derive), self.guess)

    def to_json(self) -> dict[str, Any]:
        return {"columns": dict(self.columns), "fixed": dict(self.fixed),
                "value_maps": {k: m.to_json() for k, m in self.value_maps.items()},
                "derive": {k: d.to_json() for k, d in self.derive.items()}, "guess": self.guess}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> "MappingSpec":
        """From a saved mapping, a preset's tables, or the older flat ``{column: field}`` dict."""
        if not data:
            return cls()
        if not any(k in data for k in ("columns", "fixed", "value_maps", "derive")):
            return cls(columns={str(k): str(v) for k, v in data.items()})
        columns = _str_dict(data.get("columns", {}), "columns")
        fixed = _str_dict(data.get("fixed", {}), "fixed")
        value_maps = {}
        for key, raw in (data.get("value_maps") or {}).items():
            if not isinstance(raw, dict) or "column" not in raw or not isinstance(raw.get("values", {}), dict):
                raise SpecError(f"value_maps.{key}: perlu 'column' dan tabel 'values'")
            value_maps[str(key)] = ValueMap(str(raw["column"]),
                                            {normalise_name(str(k)): str(v) for k, v in raw["values"].items()},
                                            None if raw.get("default") is None else str(raw["default"]),
                                            None if raw.get("with_column") is None else str(raw["with_column"]))
        derive = {str(key): _derivation(str(key), raw) for key, raw in (data.get("derive") or {}).items()}
        return cls(columns, fixed, value_maps, derive, bool(data.get("guess", True)))


def _str_dict(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: harus tabel nama = nilai")
    return {str(k): str(v) for k, v in raw.items()}


def _derivation(key: str, raw: Any) -> Derivation:
    if not isinstance(raw, dict) or raw.get("how") not in DERIVATIONS:
        raise SpecError(f"derive.{key}: 'how' harus salah satu dari {', '.join(DERIVATIONS)}")
    columns = tuple(str(c) for c in raw.get("columns", ()))
    how = raw["how"]
    if how == "template":
        if not raw.get("template"):
            raise SpecError(f"derive.{key}: 'template' wajib untuk how = template")
        return Derivation(how, columns, template=str(raw["template"]))
    if not columns:
        raise SpecError(f"derive.{key}: 'columns' wajib diisi")
    if how == "bands":
        try:
            bands = tuple(sorted((float(b["from"]), str(b["value"])) for b in raw.get("bands", ())))
        except (KeyError, TypeError, ValueError):
            raise SpecError(f"derive.{key}: setiap band perlu 'from' (angka) dan 'value'") from None
        if not bands:
            raise SpecError(f"derive.{key}: 'bands' wajib untuk how = bands")
        return Derivation(how, columns, bands=bands)
    return Derivation(how, columns, separator=str(raw.get("separator", " vs ")))
