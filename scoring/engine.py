"""The SIPKS risk index: compute_scores for one month, built on shared per-month arrays.

Score per unit and month = aggregate of three components (methodology weights):
struktural (composite of slow indicators, missing values imputed by the province median),
tekanan (decayed incident pressure per 100.000 inhabitants, shrunk toward the province rate)
and eskalasi (negative-binomial surprise against the unit's own baseline, corrected for
testing every region). Every window ends on the month's as-of date: its last day, or for the
running month the given ``as_of`` (default today).
The whole score is one :class:`~scoring.spec.IndexSpec` tree evaluated by
:mod:`scoring.composite`, so contributions add up to the score exactly.

Units are kab/kota (the scoring unit) and provinces. A province's incidents are the sum
of its kab/kota; its population its own or else the sum of its kab/kota; each of its
struktural indicators is its own value (normalised on the kab/kota scale) when present,
else the population-weighted mean of its kab/kota normalised values.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd

from domain.period import Month
from domain.regions import display_name
from domain.taxonomy import taxonomy
from scoring.categorise import (apply_overrides, cutoffs, declared_active, hysteresis, level_names, levels_at,
                                reference_groups)
from scoring.composite import evaluate_tree
from scoring.config import Methodology, load_methodology
from scoring.escalation import Escalation, escalation
from scoring.explain import DriverInputs, drivers_and_explanations, lower_first
from scoring.incidents import ARENAS, TOTAL, build_cube, month_end_day, month_number
from scoring.shrinkage import Shrinkage, shrink
from scoring.inputs import SCORED_LEVELS, ScoringInputs
from scoring.normalise import normalise_array
from scoring.spec import GroupSpec, IndexSpec, IndicatorSpec, Normalisation
from scoring.structural import group_medians, impute_median, latest_values, structural_spec

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
    as_of: date | None = None       # the day every window ended on
    known_by: date | None = None    # knowledge cut-off (None = everything in the inputs)
    draws: int = 0                  # Monte Carlo draws behind p_merah / p_hijau


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
    province: np.ndarray        # province code of each unit (a province: its own)
    groups: np.ndarray          # reference set of the relative rule (scoring.categorise.reference_groups)
    kab: np.ndarray             # bool mask of kab/kota units
    membership: np.ndarray      # (provinces, kab/kota) 0/1
    population: np.ndarray
    months: np.ndarray          # absolute month numbers
    struct_spec: IndexSpec
    spec: IndexSpec
    struct_raw: np.ndarray      # (U, I, M)
    struct_age: np.ndarray      # (U, I, M) months
    struct_imputed: np.ndarray  # (U, I, M) bool: value is the province median
    struct_median: np.ndarray   # (U, I, M) median of the observed values of the unit's peers
    rates: np.ndarray           # (U, 2, M) shrunk
    shrink: Shrinkage
    esc: Escalation
    series_labels: tuple[str, ...]
    deaths: np.ndarray          # (U, M)
    declared: np.ndarray        # (U, M) bool
    as_of: np.ndarray           # (M,) day numbers every window of the month ends on
    data_as_of: np.ndarray      # (M,) newest report day read (−1 none)
    window_labels: tuple[str, ...]  # incident series labels for driver text ("insiden …")
    esc_series: tuple[str, ...]     # incident series codes ("semua", categories…)
    notes: tuple[str, ...]
    levels: tuple[str, ...] = (PEER_KABKOTA, PEER_PROVINSI)  # levels whose results are wanted (ScoringInputs)


def day_number(day: date | None) -> int | None:
    """Days since 1970-01-01 (None stays None)."""
    return None if day is None else int(np.datetime64(day, "D").astype(np.int64))


def default_as_of(month: int, today: date | None = None) -> date:
    """The as-of date of a month: its last day when closed, else today (the running month)."""
    last = date.fromisoformat(str(np.datetime64(int(month_end_day(np.array([month]))[0]), "D")))
    today = today or date.today()
    first = last.replace(day=1)
    return today if first <= today < last else last


def prepare(inputs: ScoringInputs, months: Sequence[str | Month | int],
            methodology: Methodology | None = None, as_of: date | None = None,
            known_by: date | None = None) -> Prepared:
    """Build the shared arrays for ``months`` (strings "YYYY-MM", :class:`Month` or month numbers).

    ``as_of``: the day the last month's windows end on (default: its last day); ``known_by``:
    only incident rows reported (``known_on``) by that day are read (default: all).
    """
    m = methodology or load_methodology()
    month_nums = np.array(sorted({x if isinstance(x, (int, np.integer)) else month_number(str(x)) for x in months}),
                          dtype=np.int64)
    if month_nums.size == 0:
        raise ValueError("daftar bulan kosong")
    if as_of is not None and month_number(str(as_of)[:7]) != int(month_nums[-1]):
        raise ValueError(f"tanggal as-of {as_of} harus di dalam bulan terakhir yang dihitung")
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
    province = np.concatenate([kab_rows["province_code"].to_numpy(dtype=object),
                               prov_rows["code"].to_numpy(dtype=object)]).astype(str)
    peer = np.where(kab, PEER_KABKOTA, PEER_PROVINSI)
    names = np.array([display_name(n, lv) for n, lv in zip(pd.concat([kab_rows["name"], prov_rows["name"]]),
                                                            pd.concat([kab_rows["level"], prov_rows["level"]]))],
                     dtype=object)

    notes: list[str] = []
    present = set(inputs.indicator_values["indicator_code"].unique())
    struct, spec_notes = structural_spec(m, inputs.indicator_definitions, present)
    notes.extend(spec_notes)
    codes = struct.indicator_codes
    raw, age = latest_values(inputs.encoded, units, codes, month_nums, m.struktural.max_age_months)
    medians = group_medians(raw, kab, province)
    if m.struktural.missing == "impute":
        raw, imputed = impute_median(raw, kab, medians)
    else:
        imputed = np.zeros(raw.shape, bool)

    tax = taxonomy()
    # incidents are recorded per kab/kota: a province row only collects its kab/kota's incidents
    cube, dropped = build_cube(inputs.encoded, units, parent, int(month_nums.min()),
                               int(month_nums.max()), tax.codes("category"), m, event_units=n_kab,
                               as_of=day_number(as_of), known_by=day_number(known_by))
    if dropped:
        notes.append(f"{dropped} insiden dengan kode kab/kota tidak dikenal tidak dihitung.")
    cols = month_nums - int(cube.months[0])
    series_labels = tuple("" if s == TOTAL else lower_first(tax.label("category", s)) for s in cube.series)
    known = set(tax.codes("category"))
    window_labels = tuple("insiden" if s == TOTAL else "insiden " + (lower_first(tax.label("category", s))
                                                                     if s in known else s) for s in cube.series)
    # shrinkage toward the province (provinces toward all provinces), whatever the category reference set
    province_groups = np.where(kab, "kabkota:" + province.astype(object), PEER_PROVINSI).astype(object)
    shrunk = shrink(cube, population, province_groups, cols, m)
    return Prepared(
        methodology=m, units=units, names=names, peer=peer, province=province,
        groups=reference_groups(peer, province, m), kab=kab, membership=membership, population=population,
        months=month_nums, struct_spec=struct, spec=full_spec(struct, m), struct_raw=raw, struct_age=age,
        struct_imputed=imputed, struct_median=medians, rates=shrunk.rate, shrink=shrunk,
        esc=escalation(cube, cols, m, province_groups, peer),
        series_labels=series_labels, deaths=cube.recent_deaths[:, cols],
        declared=declared_active(inputs.declarations, units, cube.ends[cols]),
        as_of=cube.ends[cols], data_as_of=cube.data_as_of[cols], window_labels=window_labels,
        esc_series=tuple(cube.series), notes=tuple(notes), levels=inputs.levels,
    )


def normalised_leaves(prep: Prepared, j: int, method: str | None = None,
                      memo: dict | None = None) -> dict[str, np.ndarray]:
    """Normalised (0–100) value of every leaf of the score tree for month column ``j``.

    ``method`` replaces every struktural indicator's normalisation method (sensitivity analysis).
    ``memo``: a dict kept across the months of one loop; a struktural column whose raw values equal
    the previous month's (slow indicators carry the latest value for months) is not normalised again.
    """
    kab, prov = prep.kab, ~prep.kab
    w = np.nan_to_num(prep.population[kab])
    if not w.sum() > 0:
        w = np.ones_like(w)  # no populations at all: plain mean
    leaves: dict[str, np.ndarray] = {}
    for i, leaf in enumerate(prep.struct_spec.root.leaves()):
        norm = leaf.normalisation if method in (None, "configured") else replace(leaf.normalisation, method=method)
        x = prep.struct_raw[:, i, j]
        if memo is not None:
            key = x.tobytes()
            if memo.get(i, (None,))[0] == key:
                leaves[leaf.code] = memo[i][1]
                continue
        out = np.empty(len(x))
        out[kab] = normalise_array(x[kab], norm, leaf.higher_is_riskier)
        if prov.any():
            own = normalise_array(x[prov], norm, leaf.higher_is_riskier, reference=x[kab])
            avail = ~np.isnan(out[kab])
            with np.errstate(invalid="ignore", divide="ignore"):
                filled = (prep.membership @ (w * np.nan_to_num(out[kab]))) / (prep.membership @ (w * avail))
            out[prov] = np.where(np.isnan(own), filled, own)
        leaves[leaf.code] = out
        if memo is not None:
            memo[i] = (key, out)
    tek = Normalisation(method="fixed_log", reference=prep.methodology.tekanan.reference_rate)
    for a, arena in enumerate(ARENAS):
        leaves[f"tekanan_{arena}"] = normalise_array(prep.rates[:, a, j], tek)
    leaves["eskalasi"] = prep.esc.score[:, j]
    return leaves


def completeness_of(prep: Prepared, leaves: Mapping[str, np.ndarray], j: int) -> tuple[np.ndarray, np.ndarray]:
    """(share of configured weight available, weighted mean age in months of the struktural values used)."""
    weights = prep.spec.leaf_weights()
    codes = prep.struct_spec.indicator_codes
    imputed = {c: prep.struct_imputed[:, i, j] for i, c in enumerate(codes)}
    share = sum(np.where(np.isnan(v) | imputed.get(c, False), 0.0, weights[c]) for c, v in leaves.items())
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


@dataclass(frozen=True)
class MonthScores:
    """Scores and categories of every prepared month (arrays unit × month)."""

    score: np.ndarray
    components: np.ndarray      # (U, 3, M) struktural, tekanan, eskalasi
    lo: np.ndarray              # kuning cut-off of the rule
    hi: np.ndarray              # merah cut-off of the rule
    rule: np.ndarray            # rule level, before hysteresis and overrides
    raw: np.ndarray             # rule level with overrides, no hysteresis (category_raw)
    level: np.ndarray           # held level with overrides (category)
    by_deaths: np.ndarray
    by_decl: np.ndarray
    # normalised leaves of every month column (what normalised_leaves(prep, j) gives), kept for the results
    leaves: tuple[dict[str, np.ndarray], ...] = ()


def score_months(prep: Prepared) -> MonthScores:
    """Scores, categories (rule, raw, held) for every prepared month, without contributions or text.

    Hysteresis runs over the prepared months in order, starting from the first month's rule level.
    """
    n_u, n_m = len(prep.units), len(prep.months)
    scores = np.empty((n_u, n_m))
    comps = np.empty((n_u, 3, n_m))
    memo: dict = {}
    by_month = []
    for j in range(n_m):  # a loop over months; every step is vectorised over units
        leaves = normalised_leaves(prep, j, memo=memo)
        by_month.append(leaves)
        value, groups, _ = evaluate_tree(leaves, prep.spec, with_parts=False)
        scores[:, j] = value
        comps[:, :, j] = np.column_stack([groups["struktural"], groups["tekanan"], leaves["eskalasi"]])
    m = prep.methodology
    lo, hi = cutoffs(scores, prep.groups, m)
    rule = levels_at(scores, lo, hi, m)
    held = hysteresis(scores, lo, hi, m)
    raw, by_deaths, by_decl = apply_overrides(rule, prep.deaths, prep.declared, m)
    level, _, _ = apply_overrides(held, prep.deaths, prep.declared, m)
    return MonthScores(scores, comps, lo, hi, rule, raw, level, by_deaths, by_decl, tuple(by_month))


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


def override_records(prep: Prepared, by_deaths: np.ndarray, by_decl: np.ndarray, j: int) -> list[list[dict]]:
    """Per unit: the override rules that raised its category in month column ``j`` (JSON-ready dicts)."""
    cfg = prep.methodology.overrides
    out: list[list[dict]] = []
    for u in range(len(prep.units)):
        rules = []
        if by_deaths[u, j]:
            rules.append({"rule": "korban_meninggal", "category": cfg.deaths_min_category,
                          "deaths": int(prep.deaths[u, j]), "window_days": cfg.deaths_window_days,
                          "text": f"ada korban meninggal dalam {cfg.deaths_window_days} hari terakhir "
                                  f"({int(prep.deaths[u, j])} orang)"})
        if by_decl[u, j]:
            rules.append({"rule": "status_keadaan_konflik", "category": cfg.declaration_category,
                          "text": "status keadaan konflik sedang berlaku"})
        out.append(rules)
    return out


def _day(n: int) -> date | None:
    return None if n < 0 else date.fromisoformat(str(np.datetime64(int(n), "D")))


def compute_scores(inputs: ScoringInputs, period: str | Month, methodology: Methodology | None = None, *,
                   as_of: date | None = None, known_by: date | None = None, draws: int | None = None,
                   seed: int = 0) -> ScoreResult:
    """Risk index of every kab/kota and province for ``period`` ("YYYY-MM"), with the month before for change.

    ``as_of``: the day every window ends on (default: the month's last day when closed, today for
    the running month); ``known_by``: read only incident rows reported by that day (the "terbit"
    series uses ``known_by = as_of``; default: everything in the inputs); ``draws``: Monte Carlo draws
    for P(merah)/P(hijau) (default ``uncertainty.draws``; 0 = none, the columns stay empty).
    """
    m = methodology or load_methodology()
    month = month_number(str(period))
    as_of = as_of or default_as_of(month)
    back = max(m.kategori.hysteresis_lookback_months, 1)
    prep = prepare(inputs, list(range(month - back, month + 1)), m, as_of=as_of, known_by=known_by)
    ms = score_months(prep)
    return _month_result(prep, ms, _ranks(ms.score, prep.peer), len(prep.months) - 1,
                         m.uncertainty.draws if draws is None else int(draws), seed, known_by)


def compute_range(inputs: ScoringInputs, months: Sequence[str | Month], methodology: Methodology | None = None, *,
                  as_of: date | None = None, draws: int | None = None, last_draws: int | None = None,
                  seed: int = 0) -> Iterator[ScoreResult]:
    """:func:`compute_scores` for every month of ``months``, oldest first, from one shared preparation
    (one pass over the incidents), everything in the inputs known. Lazy: one result per month.

    The hysteresis state is rebuilt from ``hysteresis_lookback_months`` before the first month and
    carried through the range (as in :func:`scoring.score_history`); ``as_of`` ends the last month
    early (the running month); ``last_draws`` (default ``draws``) for the last month only."""
    m = methodology or load_methodology()
    wanted = sorted({month_number(str(x)) for x in months})
    if not wanted:
        raise ValueError("daftar bulan kosong")
    back = max(m.kategori.hysteresis_lookback_months, 1)
    prep = prepare(inputs, list(range(wanted[0] - back, wanted[-1] + 1)), m,
                   as_of=as_of or default_as_of(wanted[-1]))
    ms = score_months(prep)
    ranks = _ranks(ms.score, prep.peer)
    n_draws = m.uncertainty.draws if draws is None else int(draws)
    columns = np.searchsorted(prep.months, wanted)
    for k, j in enumerate(columns):
        last = k == len(columns) - 1
        yield _month_result(prep, ms, ranks, int(j), n_draws if not last or last_draws is None else int(last_draws),
                            seed, None)


def _table_order(peer: np.ndarray, rank: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Row order of a result table: kab/kota before provinces, then rank (none last), then region code.

    The order ``sort_values(["level", "rank", "region_code"])`` gives, with integer keys (region codes are
    unique, so the order is total): a pandas sort over the string columns cost more than the month's scoring.
    """
    level = np.select([peer == PEER_KABKOTA, peer == PEER_PROVINSI], [0, 1], 2)
    code_rank = np.empty(len(codes), dtype=np.int64)
    code_rank[np.argsort(codes, kind="stable")] = np.arange(len(codes))
    return np.lexsort((code_rank, np.where(np.isnan(rank), np.inf, rank), level))


def _month_result(prep: Prepared, ms: MonthScores, ranks: np.ndarray, j: int, n_draws: int, seed: int,
                  known_by: date | None) -> ScoreResult:
    """The full result (table with drivers and probabilities, contributions) for month column ``j``."""
    from scoring.uncertainty import category_probabilities  # uncertainty builds on this module

    m = prep.methodology
    cat, cat_raw = level_names(ms.level), level_names(ms.raw)
    i = j - 1
    # the leaves score_months normalised already (the same arrays: normalising is a pure function of the column)
    leaves = ms.leaves[j] if ms.leaves else normalised_leaves(prep, j)
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
    struct_raw = _province_raw(prep, prep.struct_raw[:, :, j])
    raw = np.column_stack([struct_raw] + [prep.rates[:, a, j] for a in range(len(ARENAS))] + [prep.esc.observed[:, j]])
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

    probs = category_probabilities(prep, ms, j, n_draws, seed, leaves=leaves)
    overrides = override_records(prep, ms.by_deaths, ms.by_decl, j)
    imputed_codes = np.array(prep.struct_spec.indicator_codes, dtype=object)
    imputed = [list(imputed_codes[prep.struct_imputed[u, :, j]]) for u in range(n_u)]
    drivers, text, top = drivers_and_explanations(DriverInputs(
        prep=prep, j=j, codes=codes, kinds=["struktural"] * n_struct + ["tekanan"] * len(ARENAS) + ["eskalasi"],
        labels=[s.label or s.code for s in leaf_specs], higher=[s.higher_is_riskier for s in leaf_specs],
        raw=raw, normalised=norm_mat, parts=part_mat, category=cat[:, j], category_raw=cat_raw[:, j],
        overrides=overrides, imputed=imputed, completeness=share, flagged=flagged))

    prev_rank = ranks[:, i]
    step = ms.level[:, j] - ms.level[:, i]
    known = (ms.level[:, i] >= 0) & (ms.level[:, j] >= 0)
    as_of_day, data_day = _day(int(prep.as_of[j])), _day(int(prep.data_as_of[j]))
    comps = ms.components[:, :, j]
    table = pd.DataFrame({
        "region_code": prep.units.to_numpy(),
        "name": prep.names,
        "level": prep.peer,
        "score": value,
        "category": cat[:, j],
        "category_raw": cat_raw[:, j],
        "rank": pd.array(ranks[:, j], dtype="Int64"),
        "p_merah": probs.p_merah,
        "p_hijau": probs.p_hijau,
        "borderline": probs.borderline,
        "prev_score": ms.score[:, i],
        "prev_rank": pd.array(prev_rank, dtype="Int64"),
        # positive = moved up the list toward riskier (rank 5 → 2 gives +3)
        "rank_change": pd.array(prev_rank - ranks[:, j], dtype="Int64"),
        "prev_category": cat[:, i],
        "category_change": np.where(~known, None, np.where(step > 0, "naik", np.where(step < 0, "turun", "tetap"))),
        "struktural": comps[:, 0],
        "tekanan": comps[:, 1],
        "eskalasi": comps[:, 2],
        "components": [dict(zip(COMPONENTS, (None if np.isnan(v) else float(v) for v in row))) for row in comps],
        "escalation_signal": prep.esc.signal[:, j],
        "completeness": share,
        "imputed": imputed,
        "data_age_months": age,
        "flagged_incomplete": flagged,
        "overrides": overrides,
        "drivers": drivers,
        "explanation": text,
        "top_driver": top,
        "as_of": as_of_day,
        "data_as_of": data_day,
        "methodology_version": m.version,
    })
    table = table.iloc[_table_order(prep.peer, ranks[:, j], prep.units.to_numpy())].reset_index(drop=True)
    period = str(prep.months[j].astype("datetime64[M]"))
    return ScoreResult(period, m.version, table, contributions, prep.notes,
                       as_of=as_of_day, known_by=known_by, draws=n_draws)


SNAPSHOT_COLUMNS = ("region_code", "level", "period", "series", "methodology_version", "as_of", "data_as_of",
                    "score", "category", "category_raw", "rank", "p_merah", "p_hijau", "borderline", "components",
                    "drivers", "explanation", "completeness", "imputed", "overrides")
SERIES_TERBIT, SERIES_RECOMPUTED = "terbit", "dihitung_ulang"


def snapshot_rows(result: ScoreResult, series: str | None = None) -> pd.DataFrame:
    """Rows for ``score_snapshots`` (docs/design-snapshots.md), exactly :data:`SNAPSHOT_COLUMNS`.

    ``series`` defaults to "terbit" when the result was computed with ``known_by`` (as known at the
    time) and "dihitung_ulang" otherwise. JSON columns (components, drivers, imputed, overrides)
    hold plain dicts/lists; ``period`` is "YYYY-MM"; the writer adds computed_at and computed_by.
    """
    t = result.table
    series = series or (SERIES_TERBIT if result.known_by is not None else SERIES_RECOMPUTED)
    if series not in (SERIES_TERBIT, SERIES_RECOMPUTED):
        raise ValueError(f"seri tidak dikenal: {series!r}")
    nan_none = lambda col: pd.Series([None if pd.isna(v) else float(v) for v in t[col]], dtype=object)  # noqa: E731
    out = pd.DataFrame({
        "region_code": t["region_code"],
        "level": t["level"],
        "period": result.period,
        "series": series,
        "methodology_version": result.methodology_version,
        "as_of": t["as_of"],
        "data_as_of": t["data_as_of"],
        "score": t["score"].astype(float),
        "category": t["category"],
        "category_raw": t["category_raw"],
        "rank": t["rank"],
        "p_merah": nan_none("p_merah"),
        "p_hijau": nan_none("p_hijau"),
        "borderline": t["borderline"].astype(bool),
        "components": t["components"],
        "drivers": t["drivers"],
        "explanation": t["explanation"],
        "completeness": t["completeness"].astype(float),
        "imputed": t["imputed"],
        "overrides": t["overrides"],
    })
    return out.loc[:, list(SNAPSHOT_COLUMNS)]
