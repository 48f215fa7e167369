"""Specification of a composite index: normalisation per indicator and a tree of weighted groups.

Shared by the general :func:`scoring.composite.composite_index` and by the SIPKS
methodology, so the risk index is just one instance of a general composite index.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator, Literal

Method = Literal["minmax", "zscore", "rank", "fixed_log", "identity"]
Aggregation = Literal["arithmetic", "geometric", "reverse_geometric", "max", "min"]

METHODS = ("minmax", "zscore", "rank", "fixed_log", "identity")
AGGREGATIONS = ("arithmetic", "geometric", "reverse_geometric", "max", "min")


@dataclass(frozen=True)
class Normalisation:
    """How raw values become 0–100 (100 = riskiest once direction is applied).

    - ``minmax``: optional log, winsorise at percentiles ``winsor`` (or use fixed
      ``bounds``), rescale linearly to 0–100.
    - ``zscore``: optional log/winsorising, z = (x − mean)/SD (population SD), mapped
      linearly ``-z_cap → 0, 0 → 50, +z_cap → 100`` and clipped.
    - ``rank``: percentile rank, (average rank − 1)/(n − 1) × 100.
    - ``fixed_log``: 100 × min(1, ln(1 + x)/ln(1 + reference)), for comparable-over-time rates.
    - ``identity``: values already on 0–100 (clipped).
    """

    method: Method = "minmax"
    transform: Literal["none", "log"] = "none"
    log_offset: float = 1.0
    winsor: tuple[float, float] = (0.0, 100.0)
    bounds: tuple[float, float] | None = None  # fixed (lo, hi) instead of the data's range
    z_cap: float = 3.0
    reference: float = 1.0  # for fixed_log

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"metode normalisasi tidak dikenal: {self.method!r}")
        if self.transform not in ("none", "log"):
            raise ValueError(f"transformasi tidak dikenal: {self.transform!r}")
        lo, hi = self.winsor
        if not 0.0 <= lo < hi <= 100.0:
            raise ValueError(f"batas winsor harus 0 ≤ bawah < atas ≤ 100: {self.winsor}")
        if self.z_cap <= 0 or self.reference <= 0:
            raise ValueError("z_cap dan reference harus positif")


def _finite(x: float) -> bool:
    return abs(x) < float("inf")


@dataclass(frozen=True)
class IndicatorSpec:
    """A leaf: one indicator column, its relative weight inside its group and normalisation.

    ``factor`` multiplies the normalised value before it is aggregated (e.g. a unit change).
    """

    code: str
    weight: float = 1.0
    normalisation: Normalisation = field(default_factory=Normalisation)
    higher_is_riskier: bool = True
    label: str = ""
    factor: float = 1.0

    def __post_init__(self) -> None:
        if not self.weight >= 0:
            raise ValueError(f"bobot indikator {self.code} harus ≥ 0")
        if not (self.factor >= 0 and self.factor < float("inf")):
            raise ValueError(f"faktor indikator {self.code} harus bilangan ≥ 0")


@dataclass(frozen=True)
class GroupSpec:
    """An inner node: children aggregated with weights (re-weighted over the available ones).

    Aggregations (w̃ = weights re-normalised over the available children):
    ``arithmetic`` Σ w̃x; ``geometric`` ∏(x + offset)^w̃ − offset; ``reverse_geometric``
    anchor − ∏(anchor − x)^w̃ (INFORM; high values dominate); ``max`` / ``min`` (weights only
    select the children that count: weight 0 excludes a child).

    ``offset``: this group's geometric offset (None → the spec's ``geometric_offset``).
    The group's output is ``shift + scale · v`` where ``v`` is the aggregate, or
    ``shift + scale · (upper − v)`` when ``reverse`` (a "higher is safer" group turned into a
    risk); ``round_digits`` rounds the output half away from zero (as spreadsheet ROUND) before
    the parent uses it.
    """

    code: str
    children: tuple["GroupSpec | IndicatorSpec", ...]
    weight: float = 1.0
    aggregation: Aggregation = "arithmetic"
    label: str = ""
    offset: float | None = None
    anchor: float | None = None
    scale: float = 1.0
    shift: float = 0.0
    reverse: bool = False
    upper: float = 100.0
    round_digits: int | None = None

    def __post_init__(self) -> None:
        if self.aggregation not in AGGREGATIONS:
            raise ValueError(f"agregasi tidak dikenal: {self.aggregation!r}")
        if not self.weight >= 0:
            raise ValueError(f"bobot kelompok {self.code} harus ≥ 0")
        if self.offset is not None and not self.offset >= 0:
            raise ValueError(f"offset geometrik kelompok {self.code} harus ≥ 0")
        if self.aggregation == "reverse_geometric" and not (self.anchor is not None and self.anchor > 0):
            raise ValueError(f"kelompok {self.code}: agregasi reverse_geometric butuh anchor > 0")
        if not all(map(_finite, (self.scale, self.shift, self.upper))):
            raise ValueError(f"kelompok {self.code}: scale, shift dan upper harus bilangan terhingga")
        if self.round_digits is not None and not 0 <= self.round_digits <= 12:
            raise ValueError(f"kelompok {self.code}: round harus 0–12 digit")

    @property
    def transformed(self) -> bool:
        """True when the output is not the plain aggregate."""
        return self.scale != 1.0 or self.shift != 0.0 or self.reverse or self.round_digits is not None

    def leaves(self) -> Iterator[IndicatorSpec]:
        for child in self.children:
            if isinstance(child, IndicatorSpec):
                yield child
            else:
                yield from child.leaves()

    def groups(self) -> Iterator["GroupSpec"]:
        yield self
        for child in self.children:
            if isinstance(child, GroupSpec):
                yield from child.groups()


@dataclass(frozen=True)
class IndexSpec:
    """A whole composite index: the root group plus the geometric-mean offset."""

    root: GroupSpec
    geometric_offset: float = 1.0  # geometric means use x + offset so a zero does not annihilate

    def __post_init__(self) -> None:
        codes = [leaf.code for leaf in self.root.leaves()]
        if len(codes) != len(set(codes)):
            raise ValueError("kode indikator dalam spesifikasi indeks harus unik")
        groups = [g.code for g in self.root.groups()]
        if len(groups) != len(set(groups)) or set(groups) & set(codes):
            raise ValueError("kode kelompok harus unik dan berbeda dari kode indikator")
        if self.geometric_offset < 0:
            raise ValueError("geometric_offset harus ≥ 0")

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(leaf.code for leaf in self.root.leaves())

    def leaf_weights(self) -> dict[str, float]:
        """Effective (product-of-path, normalised) weight of every leaf; sums to 1."""
        out: dict[str, float] = {}

        def walk(node: GroupSpec, share: float) -> None:
            total = sum(c.weight for c in node.children)
            for c in node.children:
                w = share * (c.weight / total if total > 0 else 0.0)
                if isinstance(c, IndicatorSpec):
                    out[c.code] = w
                else:
                    walk(c, w)

        walk(self.root, 1.0)
        return out

    def with_aggregation(self, aggregation: Aggregation) -> "IndexSpec":
        """Same tree with every group aggregated by ``aggregation`` (for sensitivity analysis)."""

        def swap(node: GroupSpec) -> GroupSpec:
            kids = tuple(swap(c) if isinstance(c, GroupSpec) else c for c in node.children)
            return replace(node, children=kids, aggregation=aggregation,
                           anchor=node.anchor if node.anchor is not None else node.upper)

        return replace(self, root=swap(self.root))
