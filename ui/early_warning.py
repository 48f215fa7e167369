"""Early-warning pieces shared by pages: cached reads of alerts, forecasts and the backtest, the
one-sentence evidence of an alert, the backtest table and the reliability chart."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access import alerts as alert_store
from data_access import forecasts as forecast_store
from domain import fmt
from domain.access import Principal
from domain.taxonomy import taxonomy
from scoring.early_warning import load_config
from scoring.early_warning.backtest import beats_persistence
from ui import texts as T
from ui.charts import LINE_COLOURS, new_figure, style
from ui.geo import centroids
from ui.data import CACHE_TTL_SECONDS, by_access, reader
from ui.navigation import PAGES_DIR
from ui.widgets import plot

TTL = CACHE_TTL_SECONDS
CLOSED = ("selesai",)


@by_access()
def open_alerts(principal: Principal, region_code: str | None = None, active_only: bool = False) -> pd.DataFrame:
    with reader().connect() as conn:
        return alert_store.list_alerts(conn, principal, region_code=region_code, active_only=active_only)


@by_access()
def alert_history(principal: Principal, region_code: str) -> pd.DataFrame:
    with reader().connect() as conn:
        return alert_store.list_alerts(conn, principal, states=(), region_code=region_code, limit=200)


@by_access()
def latest_forecasts(principal: Principal) -> tuple[dict | None, pd.DataFrame]:
    with reader().connect() as conn:
        run = forecast_store.latest_forecast_run(conn, principal)
        frame = forecast_store.forecasts_of_run(conn, principal, run["id"]) if run else pd.DataFrame()
    return run, frame


@by_access()
def latest_backtest(principal: Principal) -> dict | None:
    with reader().connect() as conn:
        return forecast_store.latest_backtest_run(conn, principal)


def _num(value, decimals: int = 1) -> str:
    return "—" if value is None or (isinstance(value, float) and pd.isna(value)) else fmt.number(value, decimals)


def alert_sentence(rule: str, evidence: dict) -> str:
    """The evidence of one alert in one Bahasa Indonesia sentence, with its numbers."""
    e = dict(evidence or {})
    tax = taxonomy()
    if rule == "kategori":
        if e.get("raised"):
            return T.EW_SENTENCES["kategori_naik"].format(
                from_label=tax.label("risk_category", e["from"]) if e.get("from") else "—",
                to_label=tax.label("risk_category", e["to"]) if e.get("to") else "—",
                previous_period=e.get("previous_period", "—"), period=e.get("period", "—"))
        return T.EW_SENTENCES["kategori_p"].format(p_merah=_num(e.get("p_merah"), 2), threshold=_num(e.get("threshold"), 2),
                                                   p_merah_before=_num(e.get("p_merah_before"), 2),
                                                   period=e.get("period", "—"))
    values = {k: (_num(v, 2 if k in ("baseline", "ratio") else 1) if isinstance(v, float) else v) for k, v in e.items()}
    if rule == "kemunculan":
        values["category"] = tax.label("category", e.get("category", "lainnya"))
    if rule == "korban_jiwa":
        values["latest_on"] = fmt.day(pd.Timestamp(e["latest_on"]).date()) if e.get("latest_on") else "—"
    if rule == "prakiraan_tinggi":
        values["target_month"] = fmt.month(e["target_month"], long=True) if e.get("target_month") else "—"
    return T.EW_SENTENCES[rule].format(**values)


def alert_table(alerts: pd.DataFrame) -> pd.DataFrame:
    """Display columns for a list of alerts (with a profile link)."""
    return pd.DataFrame({
        T.EW_COL_SEVERITY: [T.EW_SEVERITIES.get(s, s) for s in alerts["severity"]],
        T.EW_COL_RULE: [T.EW_RULES.get(r, r) for r in alerts["rule"]],
        T.EW_COL_REGION: alerts["region_name"],
        T.EW_COL_EVIDENCE: [alert_sentence(r, e) for r, e in zip(alerts["rule"], alerts["evidence"])],
        T.EW_COL_FIRST: [fmt.day(d) for d in alerts["first_seen_on"]],
        T.EW_COL_LAST: [fmt.day(d) for d in alerts["last_seen_on"]],
        T.EW_COL_STATE: [T.EW_STATES.get(s, s) for s in alerts["state"]],
        T.EW_COL_ACTIVE: [T.EW_ACTIVE if a else T.EW_INACTIVE for a in alerts["active"]],
        T.COL_PROFILE: [f"/profil?region={c}" for c in alerts["region_code"]],
    })


def alert_column_config() -> dict:
    return {T.COL_PROFILE: st.column_config.LinkColumn(T.COL_PROFILE, display_text=T.COL_PROFILE_LINK),
            T.EW_COL_EVIDENCE: st.column_config.TextColumn(T.EW_COL_EVIDENCE, width="large")}


def backtest_table(horizon: dict) -> pd.DataFrame:
    """One horizon's metrics: a row per model (SIPKS model and baselines), a column per metric."""
    rows = []
    for name, metrics in horizon["models"].items():
        row = {T.EW_BT_MODEL: T.EW_BT_MODELS.get(name, name)}
        for metric, label in T.EW_BT_METRICS.items():
            value = metrics.get(metric)
            row[label] = (fmt.percent(value, 1) if metric.startswith("coverage") and value is not None
                          else _num(value, 3))
        rows.append(row)
    return pd.DataFrame(rows)


def _skill_text(value) -> str:
    return "—" if value is None else fmt.percent(value, 1)


def verdicts(result: dict) -> list[str]:
    """Plain statements per horizon: does the model beat persistence, and the 12-month mean?"""
    out = []
    for h in result["horizons"]:
        if not h.get("models"):
            continue
        sp, sm = h["skill"]["persistence"], h["skill"]["historical_mean"]
        key = T.EW_BT_BEATS if beats_persistence(h) else T.EW_BT_NOT_BEATS
        out.append(key.format(h=h["horizon"], crps_skill=_skill_text(sp["crps"]), brier_skill=_skill_text(sp["brier"])))
        better_than_mean = (sm["crps"] or 0) > 0 and (sm["brier"] or 0) > 0
        key = T.EW_BT_VS_MEAN_BETTER if better_than_mean else T.EW_BT_VS_MEAN_WORSE
        out.append(key.format(h=h["horizon"], crps_skill=_skill_text(sm["crps"]), brier_skill=_skill_text(sm["brier"])))
    return out


def reliability_figure(result: dict) -> go.Figure:
    """Forecast probability of a serious incident against the observed frequency, per bin."""
    fig = new_figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name=T.EW_RELIABILITY_IDEAL,
                             line={"color": "#555555", "dash": "dash"}))
    for i, series in enumerate(result.get("reliability", [])):
        bins = series["bins"]
        fig.add_trace(go.Scatter(
            x=[b["forecast"] for b in bins], y=[b["observed"] for b in bins], mode="lines+markers",
            name=T.EW_RELIABILITY_SERIES.format(model=T.EW_BT_MODELS.get(series["model"], series["model"]),
                                                h=series["horizon"]),
            marker={"size": [8 + min(20, b["n"] ** 0.5) for b in bins]},
            line={"color": LINE_COLOURS[i % len(LINE_COLOURS)]},
            customdata=[b["n"] for b in bins], hovertemplate="%{x:.2f} → %{y:.2f} (n=%{customdata})<extra></extra>"))
    fig.update_xaxes(title=T.EW_RELIABILITY_X, range=[0, 1])
    fig.update_yaxes(title=T.EW_RELIABILITY_Y, range=[0, 1])
    return style(fig, height=480)


def render_backtest(run: dict | None, scope_code: str, key: str) -> None:
    """The stored backtest: caption, plain verdicts, one table per horizon and the reliability chart."""
    st.subheader(T.EW_BACKTEST_TITLE)
    if run is None:
        st.info(T.EW_BACKTEST_NONE.format(scope=scope_code))
        return
    result = run["result"]
    st.caption(T.EW_BACKTEST_CAPTION.format(
        run=run["id"], scope=run["scope_code"], first=fmt.month(run["month_from"], long=True),
        last=fmt.month(run["month_to"], long=True), origins=run["n_origins"], model=run["model_version"],
        seed=run["seed"], as_of=run["data_as_of"]))
    for sentence in verdicts(result):
        st.markdown("- " + sentence)
    for h in result["horizons"]:
        st.markdown(f"**{T.EW_BT_HORIZON.format(h=h['horizon'], n=fmt.number(h['n_forecasts']))}**")
        if h.get("models"):
            st.dataframe(backtest_table(h), hide_index=True, key=f"{key}_bt_{h['horizon']}")
    st.markdown(f"**{T.EW_RELIABILITY_TITLE}**")
    plot(reliability_figure(result), key=f"{key}_reliability")


def config_version() -> str:
    return load_config().version


def serious_definition() -> str:
    """What "serious" means in P(serius), from the config."""
    cfg = load_config()
    tax = taxonomy()
    return T.EW_WHY_SERIOUS.format(severities=", ".join(tax.label("severity", s) for s in cfg.serious.severities),
                                   deaths=cfg.serious.min_deaths)


def in_scope(frame: pd.DataFrame, scope) -> pd.DataFrame:
    """Rows whose ``region_code`` lies in the shared view's scope (already within the user's own)."""
    if scope.code is None or frame.empty:
        return frame
    return frame.loc[frame["region_code"].map(scope.contains).astype(bool)]


def render_top_alerts(alerts: pd.DataFrame, scope) -> None:
    """Ringkasan: the number of open alerts (as on Peringatan Dini) and the three most urgent whose
    condition still holds, linked to the Peringatan Dini page."""
    alerts = in_scope(alerts, scope)
    current = alerts[alerts["active"].astype(bool)] if not alerts.empty else alerts
    left, right = st.columns([1, 3])
    with left:
        st.metric(T.EW_RINGKASAN_KPI, fmt.number(len(alerts)), border=True)
        st.page_link(str(PAGES_DIR / "peringatan.py"), label=T.EW_RINGKASAN_ALL)
    with right:
        st.markdown(f"**{T.EW_RINGKASAN_TOP}**")
        if current.empty:
            st.caption(T.EW_NONE)
        for a in current.head(3).to_dict("records"):
            st.markdown(f"- {T.EW_SEVERITIES.get(a['severity'], a['severity'])} · "
                        f"**{T.EW_RULES.get(a['rule'], a['rule'])}** · {a['region_name']}: "
                        f"{alert_sentence(a['rule'], a['evidence'])}")


def render_alert_history(history: pd.DataFrame) -> None:
    """Profil: every alert the region has had, newest first, with state and who changed it."""
    st.subheader(T.EW_PROFILE_TITLE)
    if history.empty:
        st.caption(T.EW_PROFILE_NONE)
        return
    history = history.sort_values(["first_seen_on", "id"], ascending=False)
    table = alert_table(history).drop(columns=[T.EW_COL_REGION, T.COL_PROFILE])
    table[T.EW_COL_STATE] = [T.EW_STATES.get(s, s) + (f" ({who})" if isinstance(who, str) and who else "")
                             for s, who in zip(history["state"], history["state_by"])]
    st.dataframe(table, hide_index=True, key="profil_alerts", column_config=alert_column_config())


def alert_layer(fig: go.Figure, collection: dict, alerts: pd.DataFrame) -> None:
    """Map: a marker per region with open alerts (size by count, red when any is *tinggi*); the region
    code is ``customdata[0]`` so a click opens the profile like a polygon click."""
    if alerts.empty:
        return
    centres = centroids(collection)
    grouped = alerts.groupby(["region_code", "region_name"], sort=True).agg(
        count=("id", "size"), high=("severity", lambda s: bool((s == "tinggi").any())),
        rules=("rule", lambda r: ", ".join(sorted({T.EW_RULES.get(x, x) for x in r})))).reset_index()
    grouped = grouped[grouped["region_code"].isin(centres)]
    if grouped.empty:
        return
    fig.add_trace(go.Scattergeo(
        lon=[centres[c][0] for c in grouped["region_code"]], lat=[centres[c][1] for c in grouped["region_code"]],
        mode="markers+text", text=[str(n) for n in grouped["count"]], textfont={"size": 14, "color": "#FFFFFF"},
        marker={"size": [22 + 4 * min(n, 6) for n in grouped["count"]],
                "color": ["#B3261E" if h else "#E66100" for h in grouped["high"]], "opacity": 0.95},
        customdata=[[c, n, k, r] for c, n, k, r in zip(grouped["region_code"], grouped["region_name"],
                                                         grouped["count"], grouped["rules"])],
        hovertemplate=T.EW_MAP_HOVER, name=T.EW_MAP_LEGEND.format(count=int(grouped["count"].sum())),
        showlegend=True))
