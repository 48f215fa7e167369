"""Metodologi: the risk index explained in Bahasa Indonesia, read from the very methodology the
engine scores with (components, indicators, weights, thresholds, overrides, version), and the
rank-uncertainty chart (median rank and 90% interval per region)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from domain import fmt
from ui import charts, queries as Q
from ui import early_warning as E
from ui import risk_text as RT
from ui import texts as T
from ui import widgets as W
from ui.session import principal as current_principal
from ui.state import current_view

principal = current_principal()
view = current_view(principal)

# --- load -------------------------------------------------------------------------------------
m = Q.methodology()

# --- compute ----------------------------------------------------------------------------------
total_component = sum(m.component_weights.values())
component_share = {c: w / total_component for c, w in m.component_weights.items()}
groups = {g.code: g for g in m.struktural.groups}
group_total = sum(g.weight for g in m.struktural.groups)
within_group: dict[str, float] = {}
for g in m.struktural.groups:
    members = [i for i in m.struktural.indicators if i.group == g.code]
    total = sum(i.weight for i in members)
    within_group.update({i.code: (i.weight / total if total else 0.0) for i in members})


def method_text(indicator) -> str:
    n = indicator.normalisation
    parts = [T.NORMALISATION_LABELS.get(n.method, n.method)]
    if n.transform == "log":
        parts.append("log")
    if indicator.bounds_from_definition:
        parts.append("batas definisi")
    elif n.winsor != (0.0, 100.0):
        parts.append(f"winsor {fmt.number(n.winsor[0], 1)}–{fmt.number(n.winsor[1], 1)}")
    return ", ".join(parts)


indicator_rows = pd.DataFrame({
    T.METH_COL_GROUP: [groups[i.group].label for i in m.struktural.indicators],
    T.METH_COL_GROUP_WEIGHT: [fmt.percent(groups[i.group].weight / group_total, 0) for i in m.struktural.indicators],
    T.METH_COL_INDICATOR: [i.label for i in m.struktural.indicators],
    T.METH_COL_IND_WEIGHT: [fmt.percent(within_group[i.code], 0) for i in m.struktural.indicators],
    T.METH_COL_EFFECTIVE: [fmt.percent(component_share["struktural"] * groups[i.group].weight / group_total
                                       * within_group[i.code], 1) for i in m.struktural.indicators],
    T.METH_COL_METHOD: [method_text(i) for i in m.struktural.indicators],
    T.METH_COL_DIRECTION: [T.DIRECTION_UP if i.higher_is_riskier else T.DIRECTION_DOWN
                           for i in m.struktural.indicators],
})

# --- render -----------------------------------------------------------------------------------
st.title(T.METODOLOGI_TITLE)
st.markdown(T.METODOLOGI_VERSION.format(version=m.version, name=m.name))
st.write(T.METODOLOGI_INTRO)

st.subheader(T.METODOLOGI_COMPONENTS)
st.dataframe(pd.DataFrame({
    T.METH_COL_COMPONENT: [m.component_labels[c] for c in m.component_weights],
    T.METH_COL_WEIGHT: [fmt.percent(component_share[c], 0) for c in m.component_weights],
}), hide_index=True, key="meth_components")
st.markdown(T.METODOLOGI_AGGREGATION.format(
    aggregation=T.AGG_GEOMETRIC if m.aggregation == "geometric" else T.AGG_ARITHMETIC,
    min=fmt.percent(m.min_completeness, 0)))

st.subheader(T.METODOLOGI_STRUCTURAL)
st.dataframe(indicator_rows, hide_index=True, key="meth_indicators")

st.subheader(T.METODOLOGI_PRESSURE)
t = m.tekanan
st.write(T.METODOLOGI_PRESSURE_TEXT.format(
    ringan=fmt.number(t.severity_weights.get("ringan", 0), 1), sedang=fmt.number(t.severity_weights.get("sedang", 0), 1),
    berat=fmt.number(t.severity_weights.get("berat", 0), 1), deaths=fmt.number(t.casualty_weights["deaths"], 2),
    injuries=fmt.number(t.casualty_weights["injuries"], 2), displaced=fmt.number(t.casualty_weights["displaced"], 2),
    half_life=fmt.number(t.half_life_days, 0), per_pop=fmt.number(t.per_population, 0),
    reference=fmt.number(t.reference_rate, 1), nyata=fmt.percent(t.arena_weights.get("nyata", 0), 0),
    maya=fmt.percent(t.arena_weights.get("maya", 0), 0)))

st.subheader(T.METODOLOGI_ESCALATION)
e = m.eskalasi
st.markdown(T.METODOLOGI_NB.format(
    window=e.window_days, baseline=e.baseline_months, active=e.min_active_months,
    correction=T.MULTIPLE_TESTING_LABELS.get(e.multiple_testing, e.multiple_testing),
    alpha=fmt.number(e.alpha, 2), cap=fmt.number(e.surprise_cap, 1)))

st.subheader(T.METODOLOGI_THRESHOLDS)
k = m.kategori
st.markdown(T.METODOLOGI_CATEGORIES_V2.format(
    k=fmt.number(k.relative_sd, 1), ddof_text=k.sd_ddof, reference=T.REFERENCE_LABELS.get(k.reference, k.reference),
    floor_merah=fmt.number(k.floor_merah, 0), floor_kuning=fmt.number(k.floor_kuning, 0),
    margin=fmt.number(k.hysteresis_margin, 0)) if k.mode == "relative"
    else T.METODOLOGI_FIXED.format(merah=fmt.number(k.fixed_merah, 1), kuning=fmt.number(k.fixed_kuning, 1)))
legend = st.container(horizontal=True)
with legend:
    for category in charts.RISK_ORDER:
        W.risk_chip(category)

st.subheader(T.METODOLOGI_OVERRIDES)
o = m.overrides
st.markdown("- " + T.METODOLOGI_OVERRIDE_DEATHS.format(days=o.deaths_window_days,
                                                        category=charts.risk_label(o.deaths_min_category))
            + "\n- " + T.METODOLOGI_OVERRIDE_DECLARATION.format(category=charts.risk_label(o.declaration_category)))

st.subheader(T.METODOLOGI_V2_TITLE.format(version=m.version))
t, u = m.tekanan, m.uncertainty
st.markdown("\n\n".join([
    T.METODOLOGI_AS_OF.format(deaths=o.deaths_window_days, window=e.window_days),
    T.METODOLOGI_SHRINK.format(lookback=t.lookback_months, pmin=fmt.number(t.prior_population_min, 0),
                               pmax=fmt.number(t.prior_population_max, 0)),
    T.METODOLOGI_MISSING,
    T.METODOLOGI_PROBABILITY.format(draws=fmt.number(u.draws), border=fmt.percent(u.borderline_below, 0),
                                    history_draws=fmt.number(u.history_draws)),
    T.METODOLOGI_WHY,
]))
current = Q.risk_scores(principal, view.scope, view.month).table
if not current.empty:
    st.markdown(f"**{T.METODOLOGI_PROBABILITY_TABLE}**")
    st.dataframe(W.risk_styled(pd.DataFrame({
        T.TOP10_REGION: current["name"],
        T.TOP10_CATEGORY: [RT.row_badge(r) for r in current.to_dict("records")],
        T.RISK_P_MERAH: [RT.percent_text(p) if pd.notna(p) else "—" for p in current["p_merah"]],
        T.RISK_P_HIJAU: [RT.percent_text(p) if pd.notna(p) else "—" for p in current["p_hijau"]],
        T.RISK_WHY: [RT.why(d) for d in current["drivers"]],
    }), [T.TOP10_CATEGORY], {T.TOP10_CATEGORY: list(current["category"])}), hide_index=True,
        key="meth_probability", column_config={
            T.RISK_WHY: st.column_config.TextColumn(T.RISK_WHY, width="large")})
    st.caption(RT.table_as_of_line(current))

st.subheader(T.METODOLOGI_UNCERTAINTY)
u = m.uncertainty
draws = 500
st.write(T.METODOLOGI_UNCERTAINTY_TEXT.format(
    conc=fmt.number(u.dirichlet_concentration, 0),
    norms=", ".join(T.NORMALISATION_LABELS.get(n, "seperti dikonfigurasi") for n in u.normalisations),
    aggs=", ".join("aritmetika" if a == "arithmetic" else "geometrik" for a in u.aggregations),
    draws=fmt.number(draws)))
uncertainty = Q.risk_uncertainty(principal, view.scope, view.month, draws)
if uncertainty.empty:
    W.empty(T.METODOLOGI_UNCERTAINTY_NONE)
else:
    risk = Q.risk_scores(principal, view.scope, view.month)
    names = dict(zip(risk.table["region_code"], risk.table["name"]))
    W.plot(charts.rank_uncertainty(uncertainty, names), key="meth_uncertainty")

# --- early warning (issue 11): the rules' config and the stored backtest ------------------------
st.subheader(T.EW_METHOD_TITLE)
st.markdown(T.EW_METHOD_TEXT.format(version=E.config_version()) + " " + E.serious_definition())
E.render_backtest(E.latest_backtest(principal), view.scope.encode(), key="meth")
