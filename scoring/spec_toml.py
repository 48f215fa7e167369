"""A composite index described in a TOML file (format: docs/scoring.md, "Spesifikasi TOML").

``load_spec_file(path)`` → :class:`SpecFile` (the :class:`IndexSpec` plus how to read the
values file). Every problem raises :class:`SpecError` with a Bahasa Indonesia message that
names the file and, where it can be found, the line of the offending entry.
"""
from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.spec import AGGREGATIONS, METHODS, GroupSpec, IndexSpec, IndicatorSpec, Normalisation

INDEX_KEYS = {"name", "root", "unit_column", "missing", "value_range", "geometric_offset", "description", "source"}
INDICATOR_KEYS = {"name", "column", "weight", "label", "factor", "higher_is_riskier", "method", "transform",
                  "log_offset", "bounds", "winsor", "z_cap", "reference"}
GROUP_KEYS = {"name", "children", "weight", "label", "aggregation", "offset", "anchor", "scale", "shift",
              "reverse", "upper", "round"}


class SpecError(ValueError):
    """A spec or values file that cannot be used; the message is meant for the user as is."""


@dataclass(frozen=True)
class SpecFile:
    """A loaded spec: the index tree and how its values file is read and its scores written."""

    spec: IndexSpec
    name: str
    unit_column: str
    columns: dict[str, str]  # indicator name → column in the values file
    missing: tuple[str, ...]  # cell texts that mean "missing" (an empty cell always does)
    value_range: tuple[float, float] | None
    node_order: tuple[str, ...]  # groups, children before parents (the output columns)
    round_digits: dict[str, int]  # group name → digits it is rounded to


class _Ctx:
    """File path and text, to name the line of an entry in messages."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def line_of(self, name: str) -> int | None:
        pattern = re.compile(r"^\s*name\s*=\s*([\"'])" + re.escape(name) + r"\1", re.M)
        m = pattern.search(self.text)
        return self.text.count("\n", 0, m.start()) + 1 if m else None

    def fail(self, message: str, name: str | None = None) -> SpecError:
        line = self.line_of(name) if name else None
        where = f"{self.path}, baris {line}" if line else str(self.path)
        return SpecError(f"{where}: {message}")


def _number(ctx: _Ctx, what: str, entry: dict, key: str, default: float | None,
            minimum: float | None = None, positive: bool = False) -> float | None:
    if key not in entry:
        return default
    v = entry[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ctx.fail(f"{what}: '{key}' harus bilangan, bukan {v!r}", entry.get("name"))
    if (minimum is not None and v < minimum) or (positive and v <= 0):
        bound = "> 0" if positive else f"≥ {minimum:g}"
        raise ctx.fail(f"{what}: '{key}' harus {bound}, bukan {v!r}", entry.get("name"))
    return float(v)


def _pair(ctx: _Ctx, what: str, entry: dict, key: str) -> tuple[float, float] | None:
    if key not in entry:
        return None
    v = entry[key]
    ok = isinstance(v, list) and len(v) == 2 and all(
        isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in v)
    if not ok or not v[0] < v[1]:
        raise ctx.fail(f"{what}: '{key}' harus [bawah, atas] dengan bawah < atas, bukan {v!r}", entry.get("name"))
    return float(v[0]), float(v[1])


def _text(ctx: _Ctx, what: str, entry: dict, key: str, default: str | None) -> str | None:
    v = entry.get(key, default)
    if v is not None and (not isinstance(v, str) or not v.strip()):
        raise ctx.fail(f"{what}: '{key}' harus teks yang tidak kosong, bukan {v!r}", entry.get("name"))
    return v


def _flag(ctx: _Ctx, what: str, entry: dict, key: str, default: bool) -> bool:
    v = entry.get(key, default)
    if not isinstance(v, bool):
        raise ctx.fail(f"{what}: '{key}' harus true atau false, bukan {v!r}", entry.get("name"))
    return v


def _entries(ctx: _Ctx, doc: dict, table: str, keys: set[str], label: str) -> dict[str, dict]:
    raw = doc.get(table, [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise ctx.fail(f"'{table}' harus daftar tabel [[{table}]]")
    out: dict[str, dict] = {}
    for i, entry in enumerate(raw, start=1):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ctx.fail(f"[[{table}]] ke-{i} tidak punya 'name' (teks)")
        unknown = sorted(set(entry) - keys)
        if unknown:
            raise ctx.fail(f"{label} '{name}': kunci tidak dikenal {', '.join(unknown)} "
                           f"(yang dikenal: {', '.join(sorted(keys))})", name)
        if name in out:
            raise ctx.fail(f"nama '{name}' dipakai dua kali dalam [[{table}]]", name)
        out[name] = entry
    return out


def _indicator(ctx: _Ctx, e: dict) -> IndicatorSpec:
    name = e["name"]
    what = f"indikator '{name}'"
    method = _text(ctx, what, e, "method", "identity")
    if method not in METHODS:
        raise ctx.fail(f"{what}: metode '{method}' tidak dikenal (pilihan: {', '.join(METHODS)})", name)
    transform = _text(ctx, what, e, "transform", "none")
    if transform not in ("none", "log"):
        raise ctx.fail(f"{what}: transform '{transform}' tidak dikenal (pilihan: none, log)", name)
    winsor = _pair(ctx, what, e, "winsor") or (0.0, 100.0)
    if not 0 <= winsor[0] < winsor[1] <= 100:
        raise ctx.fail(f"{what}: 'winsor' harus di dalam 0–100", name)
    norm = Normalisation(method=method, transform=transform, log_offset=_number(ctx, what, e, "log_offset", 1.0),
                         winsor=winsor, bounds=_pair(ctx, what, e, "bounds"),
                         z_cap=_number(ctx, what, e, "z_cap", 3.0, positive=True),
                         reference=_number(ctx, what, e, "reference", 1.0, positive=True))
    return IndicatorSpec(name, _number(ctx, what, e, "weight", 1.0, minimum=0.0), norm,
                         _flag(ctx, what, e, "higher_is_riskier", True), _text(ctx, what, e, "label", None) or "",
                         _number(ctx, what, e, "factor", 1.0, minimum=0.0))


def _group_fields(ctx: _Ctx, e: dict) -> dict[str, Any]:
    name = e["name"]
    what = f"kelompok '{name}'"
    aggregation = _text(ctx, what, e, "aggregation", "arithmetic")
    if aggregation not in AGGREGATIONS:
        raise ctx.fail(f"{what}: agregasi '{aggregation}' tidak dikenal (pilihan: {', '.join(AGGREGATIONS)})", name)
    anchor = _number(ctx, what, e, "anchor", None, positive=True)
    if aggregation == "reverse_geometric" and anchor is None:
        raise ctx.fail(f"{what}: agregasi reverse_geometric butuh 'anchor' (INFORM: 100/9 ≈ 11.111 pada skala 0–10)",
                       name)
    digits = e.get("round")
    if digits is not None and (isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= 12):
        raise ctx.fail(f"{what}: 'round' harus bilangan bulat 0–12, bukan {digits!r}", name)
    return {"weight": _number(ctx, what, e, "weight", 1.0, minimum=0.0), "aggregation": aggregation,
            "label": _text(ctx, what, e, "label", None) or "", "offset": _number(ctx, what, e, "offset", None, 0.0),
            "anchor": anchor, "scale": _number(ctx, what, e, "scale", 1.0), "shift": _number(ctx, what, e, "shift", 0.0),
            "reverse": _flag(ctx, what, e, "reverse", False), "upper": _number(ctx, what, e, "upper", 100.0),
            "round_digits": digits}


def _tree(ctx: _Ctx, root: str, groups: dict[str, dict], indicators: dict[str, IndicatorSpec],
          ) -> tuple[GroupSpec, list[str]]:
    parent: dict[str, str] = {}
    order: list[str] = []

    def build(name: str, path: tuple[str, ...]) -> GroupSpec:
        e = groups[name]
        kids = e.get("children")
        if not isinstance(kids, list) or not kids or not all(isinstance(k, str) for k in kids):
            raise ctx.fail(f"kelompok '{name}': 'children' harus daftar nama yang tidak kosong", name)
        built: list[GroupSpec | IndicatorSpec] = []
        for kid in kids:
            if kid in path or kid == name:
                raise ctx.fail(f"kelompok '{name}': siklus — '{kid}' memuat dirinya sendiri", name)
            if kid in parent:
                raise ctx.fail(f"'{kid}' menjadi anak dua kelompok ('{parent[kid]}' dan '{name}')", name)
            parent[kid] = name
            if kid in groups:
                built.append(build(kid, path + (name,)))
            elif kid in indicators:
                built.append(indicators[kid])
            else:
                raise ctx.fail(f"kelompok '{name}': anak '{kid}' tidak didefinisikan sebagai [[indicator]] "
                               f"atau [[group]]", name)
        order.append(name)
        return GroupSpec(name, tuple(built), **_group_fields(ctx, e))

    tree = build(root, ())
    orphans = [n for n in list(groups) + list(indicators) if n != root and n not in parent]
    if orphans:
        raise ctx.fail(f"'{orphans[0]}' tidak dipakai di pohon indeks (bukan anak kelompok mana pun)", orphans[0])
    return tree, order


def load_spec_file(path: str | Path) -> SpecFile:
    """Read and check a TOML index spec; raises :class:`SpecError` naming file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SpecError(f"{path}: berkas spesifikasi tidak ditemukan") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(f"{path}: berkas spesifikasi tidak bisa dibaca ({exc})") from None
    ctx = _Ctx(path, text)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{path}, baris {m.group(1)} kolom {m.group(2)}" if m else str(path)
        raise SpecError(f"{where}: TOML tidak valid ({str(exc).split(' (at')[0]})") from None
    unknown = sorted(set(doc) - {"index", "indicator", "group"})
    if unknown:
        raise ctx.fail(f"bagian tidak dikenal: {', '.join(unknown)} (yang dikenal: [index], [[indicator]], [[group]])")
    index = doc.get("index")
    if not isinstance(index, dict):
        raise ctx.fail("bagian [index] tidak ada")
    extra = sorted(set(index) - INDEX_KEYS)
    if extra:
        raise ctx.fail(f"[index]: kunci tidak dikenal {', '.join(extra)} (yang dikenal: {', '.join(sorted(INDEX_KEYS))})")
    indicators = {n: _indicator(ctx, e) for n, e in _entries(ctx, doc, "indicator", INDICATOR_KEYS, "indikator").items()}
    if not indicators:
        raise ctx.fail("tidak ada [[indicator]]")
    groups = _entries(ctx, doc, "group", GROUP_KEYS, "kelompok")
    clash = sorted(set(groups) & set(indicators))
    if clash:
        raise ctx.fail(f"nama '{clash[0]}' dipakai untuk indikator dan kelompok sekaligus", clash[0])
    root = _text(ctx, "[index]", index, "root", None)
    if root is None or root not in groups:
        raise ctx.fail(f"[index]: 'root' harus nama salah satu [[group]], bukan {root!r}")
    try:
        tree, order = _tree(ctx, root, groups, indicators)
    except ValueError as exc:  # a GroupSpec/Normalisation check the loader did not anticipate
        if isinstance(exc, SpecError):
            raise
        raise ctx.fail(str(exc)) from None
    missing = index.get("missing", ["x"])
    if isinstance(missing, str):
        missing = [missing]
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        raise ctx.fail("[index]: 'missing' harus teks atau daftar teks (mis. [\"x\"])")
    value_range = _pair(ctx, "[index]", index, "value_range")
    columns = {}
    for n, e in _entries(ctx, doc, "indicator", INDICATOR_KEYS, "indikator").items():
        columns[n] = _text(ctx, f"indikator '{n}'", e, "column", n)
    unit_column = _text(ctx, "[index]", index, "unit_column", None)
    if unit_column is None:
        raise ctx.fail("[index]: 'unit_column' (kolom nama unit, mis. \"ISO3\") wajib diisi")
    if unit_column in columns.values():
        raise ctx.fail(f"[index]: kolom unit '{unit_column}' juga dipakai sebagai kolom indikator")
    dup = [c for c in set(columns.values()) if list(columns.values()).count(c) > 1]
    if dup:
        raise ctx.fail(f"kolom '{dup[0]}' dipakai oleh dua indikator")
    spec = IndexSpec(tree, _number(ctx, "[index]", index, "geometric_offset", 1.0, minimum=0.0))
    rounding = {g.code: g.round_digits for g in tree.groups() if g.round_digits is not None}
    return SpecFile(spec, _text(ctx, "[index]", index, "name", path.stem) or path.stem, unit_column, columns,
                    tuple(m.strip() for m in missing), value_range, tuple(order), rounding)
