"""Peringatan Dini: open alerts (most severe and newest first) with their evidence in one sentence,
a link to the region's profile and the follow-up actions; next-month forecasts per kab/kota; and how
good those forecasts were in the stored rolling-origin backtest."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from data_access import alerts as alert_store
from domain import fmt
from domain.access import Permission
from domain.taxonomy import taxonomy
from services.alerts import FollowUp, follow_up
from ui import early_warning as E
from ui import texts as T
from ui import widgets as W
from ui.data import engine, invalidate
from ui.session import principal as current_principal
from ui.state import current_view
from ui.markup import escape_markdown

CARDS = 12  # alerts shown as cards with actions; the rest are in the table below
principal = current_principal()
view = current_view(principal)
tax = taxonomy()
may_handle = principal.can(Permission.MANAGE_HANDLING)

# --- load -------------------------------------------------------------------------------------
alerts = E.open_alerts(principal)
run, forecasts = E.latest_forecasts(principal)
backtest_run = E.latest_backtest(principal)

# --- compute ----------------------------------------------------------------------------------
alerts = E.in_scope(alerts, view.scope)
forecasts = E.in_scope(forecasts, view.scope)
show_ended = st.session_state.get("ew_show_ended", False)
listed = alerts if show_ended else alerts[alerts["active"].astype(bool)]


def change_state(alert_id: int, state: str) -> None:
    try:
        with engine().begin() as conn:
            alert_store.set_state(conn, principal, alert_id, state)
    except (alert_store.AlertDenied, alert_store.AlertStateError) as exc:
        st.session_state["ew_message"] = ("error", T.EW_STATE_FAILED.format(reason=escape_markdown(exc)))
        return
    st.session_state["ew_message"] = ("success", T.EW_STATE_DONE.format(alert_id=alert_id,
                                                                        state=T.EW_STATES[state]))
    invalidate()


@st.dialog(T.EW_FOLLOW_UP, width="large")
def follow_up_dialog(alert: dict) -> None:
    st.markdown(T.EW_FOLLOW_UP_TITLE.format(region=alert["region_name"]))
    st.caption(E.alert_sentence(alert["rule"], alert["evidence"]))
    with st.form(f"ew_follow_{alert['id']}"):
        action_type = st.selectbox(T.EW_FOLLOW_UP_TYPE, tax.codes("action_type"),
                                   format_func=lambda c: tax.label("action_type", c))
        agency = st.selectbox(T.EW_FOLLOW_UP_AGENCY, tax.codes("agency"), format_func=lambda c: tax.label("agency", c))
        due = st.date_input(T.EW_FOLLOW_UP_DUE, value=date.today() + timedelta(days=14), format="DD/MM/YYYY")
        note = st.text_area(T.EW_FOLLOW_UP_NOTE, max_chars=2000)
        if st.form_submit_button(T.EW_FOLLOW_UP_SUBMIT, type="primary"):
            try:
                with engine().begin() as conn:
                    action_id = follow_up(conn, principal, int(alert["id"]), FollowUp(action_type, agency, due, note))
            except (PermissionError, ValueError) as exc:
                st.error(T.EW_STATE_FAILED.format(reason=escape_markdown(exc)))
                return
            st.session_state["ew_message"] = ("success", T.EW_FOLLOW_UP_DONE.format(action_id=action_id,
                                                                                    alert_id=alert["id"]))
            invalidate()
            st.rerun()


def alert_card(alert: dict) -> None:
    with st.container(border=True):
        st.markdown(f"**{T.EW_SEVERITIES.get(alert['severity'], alert['severity'])} · "
                    f"{T.EW_RULES.get(alert['rule'], alert['rule'])} · {W.escape_markdown(alert['region_name'])}**")
        st.markdown(E.alert_sentence(alert["rule"], alert["evidence"]))
        if alert["rule"] == "korban_jiwa":
            st.caption(T.EW_DETAIL_RESTRICTED if alert["restricted"]
                       else T.EW_DETAIL.format(text=W.escape_markdown(str(alert["detail"] or "—"))[:300]))
        state = T.EW_STATES[alert["state"]] + (T.EW_BY.format(user=alert["state_by"]) if alert["state_by"] else "")
        if not alert["active"]:
            state += f" · {T.EW_ENDED}"
        st.caption(T.EW_FIRST_LAST.format(first=fmt.day(alert["first_seen_on"]), last=fmt.day(alert["last_seen_on"]),
                                          state=state))
        cols = st.columns([1.3, 1, 1, 1])
        with cols[0]:
            st.page_link(W.PROFILE_PAGE, label=T.EW_PROFILE_LINK, query_params={"region": alert["region_code"]})
        with cols[1]:
            if alert["state"] == "baru":
                st.button(T.EW_MARK_SEEN, key=f"ew_seen_{alert['id']}", on_click=change_state,
                          args=(int(alert["id"]), "dilihat"))
        with cols[2]:
            if pd.notna(alert["handling_action_id"]):
                st.caption(T.EW_FOLLOW_UP_LINKED.format(action_id=int(alert["handling_action_id"])))
            elif may_handle and st.button(T.EW_FOLLOW_UP, key=f"ew_follow_{alert['id']}", type="primary"):
                follow_up_dialog(alert)
        with cols[3]:
            if may_handle:
                st.button(T.EW_CLOSE, key=f"ew_close_{alert['id']}", on_click=change_state,
                          args=(int(alert["id"]), "selesai"))


# --- render -----------------------------------------------------------------------------------
st.title(T.EW_TITLE)
st.caption(T.EW_INTRO.format(version=E.config_version()))
message = st.session_state.pop("ew_message", None)
if message:
    getattr(st, message[0])(message[1])

kpis = st.columns(3)
with kpis[0]:
    W.kpi(T.EW_KPI_OPEN, fmt.number(len(alerts)))
with kpis[1]:
    W.kpi(T.EW_KPI_HIGH, fmt.number(int((alerts["severity"] == "tinggi").sum())))
with kpis[2]:
    W.kpi(T.EW_KPI_NEW, fmt.number(int((alerts["state"] == "baru").sum())))

st.subheader(T.EW_LIST_TITLE)
st.toggle(T.EW_SHOW_ENDED, key="ew_show_ended")
if not may_handle:
    st.caption(T.EW_READ_ONLY)
if listed.empty:
    W.empty(T.EW_NONE)
else:
    for record in listed.head(CARDS).to_dict("records"):
        alert_card(record)
    if len(listed) > CARDS:
        st.caption(T.EW_MORE.format(count=fmt.number(len(listed) - CARDS)))
    st.markdown(f"**{T.EW_TABLE_TITLE}**")
    st.dataframe(E.alert_table(listed), hide_index=True, key="ew_table", column_config=E.alert_column_config())

st.subheader(T.EW_FORECAST_TITLE)
if run is None or forecasts.empty:
    st.info(T.EW_FORECAST_NONE.format(scope=view.scope.encode()))
else:
    st.caption(T.EW_FORECAST_CAPTION.format(run=run["id"], model=run["model_version"], as_of=fmt.day(run["data_as_of"]),
                                            origin=fmt.month(run["origin"], long=True), seed=run["seed"]))
    cfg_serious = E.serious_definition()
    st.caption(cfg_serious)
    wide = None
    for h in sorted(forecasts["horizon"].unique()):
        part = forecasts[forecasts["horizon"] == h].set_index("region_code")
        month = fmt.month(part["target_month"].iloc[0], long=True)
        cols = pd.DataFrame({
            T.EW_FC_REGION: part["region_name"],
            T.EW_FC_EXPECTED.format(month=month): [fmt.number(v, 1) for v in part["mean"]],
            f"{T.EW_FC_I80} ({month})": [f"{lo}–{hi}" for lo, hi in zip(part["lo80"], part["hi80"])],
            f"{T.EW_FC_I90} ({month})": [f"{lo}–{hi}" for lo, hi in zip(part["lo90"], part["hi90"])],
            T.EW_FC_PSERIOUS.format(month=month): [fmt.percent(p, 0) for p in part["p_serious"]],
        }, index=part.index)
        wide = cols if wide is None else wide.join(cols.drop(columns=[T.EW_FC_REGION]))
    first_h = forecasts[forecasts["horizon"] == forecasts["horizon"].min()].set_index("region_code")["mean"]
    wide = wide.loc[first_h.sort_values(ascending=False).index]
    wide[T.COL_PROFILE] = [f"/profil?region={c}" for c in wide.index]
    st.dataframe(wide, hide_index=True, key="ew_forecasts", column_config={
        T.COL_PROFILE: st.column_config.LinkColumn(T.COL_PROFILE, display_text=T.COL_PROFILE_LINK)})

E.render_backtest(backtest_run, view.scope.encode(), key="ew")
