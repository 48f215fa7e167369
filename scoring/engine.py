"""The SIPKS risk index: compute_scores for one month, built on shared per-month arrays.

Score per unit and month = aggregate of three components (methodology weights):
struktural (composite of slow indicators), tekanan (decayed incident pressure per
100.000 inhabitants) and eskalasi (Poisson surprise against the unit's own baseline).
The whole score is one :class:`~scoring.spec.IndexSpec` tree evaluated by
:mod:`scoring.composite`, so contributions add up to the score exactly.

Units are kab/kota (the scoring unit) and provinces. A province's incidents are the sum
of its kab/kota; its population its own or else the sum of its kab/kota; each of its
struktural indicators is its own value (normalised on the kab/kota scale) when present,
else the population-weighted mean of its kab/kota normalised values.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from domain.period import Month
from domain.regions import display_name
from domain.taxonomy import taxonomy
from scoring.categorise import apply_overrides, category_levels, declared_active, level_names
from scoring.composite import evaluate_tree
from scoring.config import Methodology, load_methodology
from scoring.escalation import Escalation, escalation
from scoring.explain import driver_phrases, explanations, lower_first
from scoring.incidents import ARENAS, TOTAL, build_cube, month_end_day, month_number, pressure_rates
from scoring.inputs import SCORED_LEVELS, ScoringInputs
from scoring.normalise import normalise_array
from scoring.spec import GroupSpec, IndexSpec, IndicatorSpec, Normalisation
from scoring.structural import latest_values, structural_spec

COMPONENTS = ("struktural", "tekanan", "eskalasi")
PEER_KABKOTA, PEER_PROVINSI = "kabkota", "provinsi"


@dataclass(frozen=True)
class ScoreResult:
    """Result of :func:`compute_scores` for one month (see docs/scoring.md for every column)."""

    period: str
    methodology_version: str
    table: pd.DataFrame
    contributions: pd.DataFrame
    notes: tuple[str, ...] = ()


def full_spec(struct: IndexSpec, methodology: Methodology) -> IndexSpec:
    """The whole score as one tree: struktural subtree, tekanan (per arena) and eskalasi."""
    w, t = methodology.component_weights, methodology.tekanan
    tekanan = GroupSpec("tekanan", tuple(
        IndicatorSpec(f"tekanan_{a}", t.arena_weights.get(a, 0.0),
                      Normalisation(method="fixed_log", reference=t.reference_rate), True, f"tekanan insiden {a}")
        for a in ARENAS), w["tekanan"], t.aggregation, methodology.component_labels["tekanan"])
    eskalasi = IndicatorSpec("eskalasi", w["eskalasi"], Normalisation(method="identity"), True,
                             methodology.component_labels["eskalasi"])
    root = GroupSpec("skor", (replace(struct.root, weight=w["struktural"]), tekanan, eskalasi), 1.0,
                     methodology.aggregation, "Skor kerawanan")
    return IndexSpec(root, methodology.geometric_offset)


@dataclass(frozen=True)
class Prepared:
    """Everything month-dependent, for a set of months, computed once (arrays are unit × … × month)."""

    methodology: Methodology
    units: pd.Index
    names: np.ndarray
    peer: np.ndarray            # "kabkota" / "provinsi"
    kab: np.ndarray             # bool mask of kab/kota units
    membership: np.ndarray      # (provinces, kab/kota) 0/1
    population: np.ndarray
    months: np.ndarray          # absolute month numbers
    struct_spec: IndexSpec
    spec: IndexSpec
    struct_raw: np.ndarray      # (U, I, M)
    struct_age: np.ndarray      # (U, I, M) months
    rates: np.ndarray           # (U, 2, M)
    esc: Escalation
    series_labels: tuple[str, ...]
    deaths: np.ndarray          # (U, M)
    declared: np.ndarray        # (U, M) bool
    notes: tuple[str, ...]


def prepare(inputs: ScoringInputs, months: Sequence[str | Month | int],
            methodology: Methodology | None = None) -> Prepared:
    """Build the shared arrays for ``months`` (strings "YYYY-MM", :class:`Month` or month numbers)."""
    m = methodology or load_methodology()
    month_nums = np.array(sorted({x if isinstance(x, (int, np.integer)) else month_number(str(x)) for x in months}),
                          dtype=np.int64)
    if month_nums.size == 0:
        raise ValueError("daftar bulan kosong")
    regions = inputs.regions
    kab_rows = regions[regions["level"].isin(SCORED_LEVELS)].sort_values("code")
    prov_rows = regions[regions["level"] == "provinsi"].sort_values("code")
    units = pd.Index(pd.concat([kab_rows["code"], prov_rows["code"]]).to_numpy(dtype=object))
    n_kab = len(kab_rows)
    kab = np.arange(len(units)) < n_kab
    prov_index = pd.Index(prov_rows["code"].to_numpy(dtype=object))
    kab_prov = prov_index.get_indexer(kab_rows["province_code"])
    parent = np.concatenate([np.where(kab_prov >= 0, kab_prov + n_kab, -1), np.full(len(prov_rows), -1)])
    membership = (kab_prov[None, :] == np.arange(len(prov_rows))[:, None]).astype(float)
    kab_pop = kab_rows["population"].to_numpy(dtype=float)
    # a province's population: its own, else the sum of its kab/kota (unknown if any is unknown)
    child_sum = membership @ np.nan_to_num(kab_pop)
    child_missing = membership @ np.isnan(kab_pop).astype(float)
    derived = np.where((child_missing == 0) & (membership.sum(1) > 0), child_sum, np.nan)
    own = prov_rows["population"].to_numpy(dtype=float)
    population = np.concatenate([kab_pop, np.where(np.isfinite(own), own, derived)])
    names = np.array([display_name(n, lv) for n, lv in zip(pd.concat([kab_rows["name"], prov_rows["name"]]),
                                                            pd.concat([kab_rows["level"], prov_rows["level"]]))],
                     dtype=object)

    notes: list[str] = []
    present = set(inputs.indicator_values["indicator_code"].unique())
    struct, spec_notes = structural_spec(m, inputs.indicator_definitions, present)
    notes.extend(spec_notes)
    codes = struct.indicator_codes
    raw, age = latest_values(inputs.encoded, units, codes, month_nums, m.struktural.max_age_months)

    tax = taxonomy()
    # incidents are recorded per kab/kota: a province row only collects its kab/kota's incidents
    cube, dropped = build_cube(inputs.encoded, units, parent, int(month_nums.min()),
                               int(month_nums.max()), tax.codes("category"), m, event_units=n_kab)
    if dropped:
        notes.append(f"{dropped} insiden dengan kode kab/kota tidak dikenal tidak dihitung.")
    cols = month_nums - int(cube.months[0])
    series_labels = tuple("" if s == TOTAL else lower_first(tax.label("category", s)) for s in cube.series)
    return Prepared(
        methodology=m, units=units, names=names,
        peer=np.where(kab, PEER_KABKOTA, PEER_PROVINSI), kab=kab, membership=membership, population=population,
        months=month_nums, struct_spec=struct, spec=full_spec(struct, m), struct_raw=raw, struct_age=age,
        rates=pressure_rates(cube, population, cols, m), esc=escalation(cube, cols, m),
        series_labels=series_labels, deaths=cube.recent_deaths[:, cols],
        declared=declared_active(inputs.declarations, units, month_end_day(month_nums)),
        notes=tuple(notes),
    )


def normalised_leaves(prep: Prepared, j: int, method: str | None = None) -> dict[str, np.ndarray]:
    """Normalised (0–100) value of every leaf of the score tree for month column ``j``.

    ``method`` replaces every struktural indicator's normalisation method (sensitivity analysis).
    """
    kab, prov = prep.kab, ~prep.kab
    w = np.nan_to_num(prep.population[kab])
    if not w.sum() > 0:
        w = np.ones_like(w)  # no populations at all: plain mean
    leaves: dict[str, np.ndarray] = {}
    for i, leaf in enumerate(prep.struct_spec.root.leaves()):
        norm = leaf.normalisation if method in (None, "configured") else replace(leaf.normalisation, method=method)
        x = prep.struct_raw[:, i, j]
        out = np.empty(len(x))
        out[kab] = normalise_array(x[kab], norm, leaf.higher_is_riskier)
        if prov.any():
            own = normalise_array(x[prov], norm, leaf.higher_is_riskier, reference=x[kab])
            avail = ~np.isnan(out[kab])
            with np.errstate(invalid="ignore", divide="ignore"):
                filled = (prep.membership @ (w * np.nan_to_num(out[kab]))) / (prep.membership @ (w * avail))
            out[prov] = np.where(np.isnan(own), filled, own)
        leaves[leaf.code] = out
    tek = Normalisation(method="fixed_log", reference=prep.methodology.tekanan.reference_rate)
    for a, arena in enumerate(ARENAS):
        leaves[f"tekanan_{arena}"] = normalise_array(prep.rates[:, a, j], tek)
    leaves["eskalasi"] = prep.esc.score[:, j]
    return leaves


def completeness_of(prep: Prepared, leaves: Mapping[str, np.ndarray], j: int) -> tuple[np.ndarray, np.ndarray]:
    """(share of configured weight available, weighted mean age in months of the struktural values used)."""
    weights = prep.spec.leaf_weights()
    share = sum(np.where(np.isnan(v), 0.0, weights[c]) for c, v in leaves.items())
    codes = prep.struct_spec.indicator_codes
    sw = np.array([weights[c] for c in codes])
    age = prep.struct_age[:, :, j]
    # provinces filled from their kab/kota have no own age: their kab/kota ages are not tracked here
    used = ~np.isnan(age)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_age = (np.nan_to_num(age) * sw).sum(1) / (used * sw).sum(1)
    return np.asarray(share, dtype=float), mean_age


def _ranks(scores: np.ndarray, peer: np.ndarray) -> np.ndarray:
    """Rank 1 = highest score within each peer group and month (ties share the best rank); NaN → NaN."""
    out = np.full(scores.shape, np.nan)
    for g in (PEER_KABKOTA, PEER_PROVINSI):
        rows = peer == g
        if rows.any():
            out[rows] = pd.DataFrame(scores[rows]).rank(ascending=False, method="min").to_numpy()
    return out


def score_months(prep: Prepared) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Scores, categories and ranks for every prepared month, without contributions or text.

    Returns (score (U, M), component values (U, 3, M), level after overrides (U, M),
    raised_by_deaths, raised_by_declaration).
    """
    n_u, n_m = len(prep.units), len(prep.months)
    scores = np.empty((n_u, n_m))
    comps = np.empty((n_u, 3, n_m))
    for j in range(n_m):  # a loop over months; every step is vectorised over units
        leaves = normalised_leaves(prep, j)
        value, groups, _ = evaluate_tree(leaves, prep.spec, with_parts=False)
        scores[:, j] = value
        comps[:, :, j] = np.column_stack([groups["struktural"], groups["tekanan"], leaves["eskalasi"]])
    base = category_levels(scores, prep.peer, prep.methodology)
    level, by_deaths, by_decl = apply_overrides(base, prep.deaths, prep.declared, prep.methodology)
    return scores, comps, level, by_deaths, by_decl


def _province_raw(prep: Prepared, raw: np.ndarray) -> np.ndarray:
    """Raw values for display: a province without its own value shows its kab/kota population-weighted mean."""
    out = raw.copy()
    if (~prep.kab).any():
        w = np.nan_to_num(prep.population[prep.kab])
        w = w if w.sum() > 0 else np.ones_like(w)
        k = raw[prep.kab]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = (prep.membership @ (w[:, None] * np.nan_to_num(k))) / (prep.membership @ (w[:, None] * ~np.isnan(k)))
        out[~prep.kab] = np.where(np.isnan(raw[~prep.kab]), mean, raw[~prep.kab])
    return out


def _override_text(prep: Prepared, by_deaths: np.ndarray, by_decl: np.ndarray, j: int) -> np.ndarray:
    cfg = prep.methodology.overrides
    deaths = np.array([f"minimal {cfg.deaths_min_category}: ada korban meninggal dalam {cfg.deaths_window_days} "
                       f"hari terakhir ({int(d)} orang)" for d in prep.deaths[:, j]], dtype=object)
    decl = f"{cfg.declaration_category}: status keadaan konflik sedang berlaku"
    a = np.where(by_deaths[:, j], deaths, "")
    b = np.where(by_decl[:, j], decl, "")
    return np.where((a != "") & (b != ""), a + "; " + b, a + b).astype(object)


def compute_scores(inputs: ScoringInputs, period: str | Month, methodology: Methodology | None = None) -> ScoreResult:
    """Risk index of every kab/kota and province for ``period`` ("YYYY-MM"), with the month before for change."""
    m = methodology or load_methodology()
    month = month_number(str(period))
    prep = prepare(inputs, [month - 1, month], m)
    scores, comps, level, by_deaths, by_decl = score_months(prep)
    ranks = _ranks(scores, prep.peer)
    cat = level_names(level)
    j = 1
    leaves = normalised_leaves(prep, j)
    value, _, parts = evaluate_tree(leaves, prep.spec, with_parts=True)
    share, age = completeness_of(prep, leaves, j)
    flagged = share < m.min_completeness

    # contributions: one row per unit × leaf of the score tree
    leaf_specs = list(prep.spec.root.leaves())
    codes = [s.code for s in leaf_specs]
    component = {}
    for child in prep.spec.root.children:
        for leaf in (child.leaves() if isinstance(child, GroupSpec) else [child]):
            component[leaf.code] = child.code
    n_struct = len(prep.struct_spec.indicator_codes)
    esc_obs = prep.esc.observed[:, j]
    raw = np.column_stack([_province_raw(prep, prep.struct_raw[:, :, j])] + [prep.rates[:, a, j] for a in range(len(ARENAS))]
                          + [esc_obs])
    part_mat = np.column_stack([parts[c][0] for c in codes])
    weight_mat = np.column_stack([parts[c][1] for c in codes])
    norm_mat = np.column_stack([leaves[c] for c in codes])
    n_u, n_l = part_mat.shape
    contributions = pd.DataFrame({
        "region_code": np.tile(prep.units.to_numpy(), n_l),
        "component": np.repeat([component[c] for c in codes], n_u),
        "indicator": np.repeat(codes, n_u),
        "label": np.repeat([s.label or s.code for s in leaf_specs], n_u),
        "raw_value": raw.T.reshape(-1),
        "normalised": norm_mat.T.reshape(-1),
        "weight": weight_mat.T.reshape(-1),
        "contribution": part_mat.T.reshape(-1),
    })

    overrides = _override_text(prep, by_deaths, by_decl, j)
    kinds = ["struktural"] * n_struct + ["tekanan"] * len(ARENAS) + ["eskalasi"]
    # the sentence names the category carrying the spike when it is at least as surprising as the total
    sur = prep.esc.series_surprise[:, :, j]
    best_cat = 1 + np.argmax(sur[:, 1:], axis=1) if sur.shape[1] > 1 else np.zeros(n_u, int)
    named = np.where((prep.esc.driver[:, j] == 0) & (sur.shape[1] > 1)
                     & (np.take_along_axis(sur, best_cat[:, None], 1)[:, 0] >= sur[:, 0]) & (sur[:, 0] > 0),
                     best_cat, prep.esc.driver[:, j])
    pick = lambda a: np.take_along_axis(a[:, :, j], named[:, None], 1)[:, 0]  # noqa: E731
    labels = [s.label or s.code for s in leaf_specs]
    higher = [s.higher_is_riskier for s in leaf_specs]
    esc_label = np.array(prep.series_labels, dtype=object)[named]
    esc_seen, esc_expected = pick(prep.esc.series_observed), pick(prep.esc.series_expected)

    def phrase_of(leaf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return driver_phrases(leaf, kinds, labels, higher, raw, norm_mat, esc_label, esc_seen, esc_expected,
                              m.eskalasi.window_days, m.eskalasi.baseline_months)

    reason = np.where(by_decl[:, j], "status keadaan konflik sedang berlaku",
                      np.where(by_deaths[:, j], np.array(
                          [f"ada korban meninggal dalam {m.overrides.deaths_window_days} hari terakhir "
                           f"({int(d)} orang)" for d in prep.deaths[:, j]], dtype=object), ""))
    text, top = explanations(cat[:, j], part_mat, phrase_of, reason, share, flagged, m.top_drivers)

    prev_rank = ranks[:, 0]
    step = level[:, 1] - level[:, 0]
    known = (level[:, 0] >= 0) & (level[:, 1] >= 0)
    table = pd.DataFrame({
        "region_code": prep.units.to_numpy(),
        "name": prep.names,
        "level": prep.peer,
        "score": value,
        "category": cat[:, j],
        "rank": pd.array(ranks[:, j], dtype="Int64"),
        "prev_score": scores[:, 0],
        "prev_rank": pd.array(prev_rank, dtype="Int64"),
        # positive = moved up the list toward riskier (rank 5 → 2 gives +3)
        "rank_change": pd.array(prev_rank - ranks[:, j], dtype="Int64"),
        "prev_category": cat[:, 0],
        "category_change": np.where(~known, None, np.where(step > 0, "naik", np.where(step < 0, "turun", "tetap"))),
        "struktural": comps[:, 0, j],
        "tekanan": comps[:, 1, j],
        "eskalasi": comps[:, 2, j],
        "completeness": share,
        "data_age_months": age,
        "flagged_incomplete": flagged,
        "overrides": overrides,
        "explanation": text,
        "top_driver": top,
        "methodology_version": m.version,
    })
    table = table.sort_values(["level", "rank", "region_code"], key=lambda s: s.map(
        {PEER_KABKOTA: 0, PEER_PROVINSI: 1}) if s.name == "level" else s, na_position="last").reset_index(drop=True)
    return ScoreResult(str(Month.parse(str(period))), m.version, table, contributions, prep.notes)


def snapshot_rows(result: ScoreResult) -> pd.DataFrame:
    """Rows for ``score_snapshots`` (data_access writes them): components as a dict per row."""
    t = result.table
    components = [dict(zip(COMPONENTS, map(lambda v: None if np.isnan(v) else float(v), row)))
                  for row in t[list(COMPONENTS)].to_numpy(dtype=float)]
    return pd.DataFrame({
        "region_code": t["region_code"],
        "period": result.period,
        "score": t["score"].astype(float),
        "category": t["category"],
        "rank": t["rank"],
        "components": components,
        "completeness": t["completeness"].astype(float),
        "overrides": pd.Series(np.where(t["overrides"] != "", t["overrides"], None), dtype=object, index=t.index),
        "explanation": t["explanation"],
        "methodology_version": result.methodology_version,
    })
