"""Penanganan: open cases by region, age and agency (overdue highlighted); actions and status moves for
those who may manage handling, read-only for pimpinan and analis."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data_access import handling as H
from domain import fmt
from domain.access import Permission
from domain.regions import display_name
from domain.taxonomy import taxonomy
from ui import texts as T
from ui import queries as Q
from ui.data import engine, invalidate
from ui.markup import escape_markdown
from ui.session import principal as current_principal
from ui.state import current_view


principal = current_principal()
view = current_view(principal)
tax = taxonomy()
can_manage = principal.can(Permission.MANAGE_HANDLING)

# --- load ---------------------------------------------------------------------------------------
st.title(T.PENANGANAN_TITLE)
st.caption(T.PENANGANAN_INTRO.format(days=H.UNHANDLED_OVERDUE_DAYS))
cases = Q.open_cases(principal, view.scope, date.today())

# --- compute ------------------------------------------------------------------------------------
if not cases.empty:
    cases = cases.assign(region=[display_name(n) for n in cases["kabkota_name"]])
regions = sorted(cases["kabkota_code"].unique()) if not cases.empty else []
region_names = dict(zip(cases["kabkota_code"], cases["region"])) if not cases.empty else {}
f1, f2, f3 = st.columns([2, 2, 1], vertical_alignment="bottom")
chosen_regions = f1.multiselect(T.PENANGANAN_FILTER_REGION, regions, format_func=lambda c: region_names.get(c, c),
                                key="pen_regions")
agencies = sorted(a for a in cases["last_agency"].dropna().unique()) if not cases.empty else []
chosen_agencies = f2.multiselect(T.PENANGANAN_FILTER_AGENCY, agencies, format_func=lambda a: tax.label("agency", a),
                                 key="pen_agencies")
only_overdue = f3.toggle(T.PENANGANAN_FILTER_OVERDUE, key="pen_overdue")
shown = cases
if chosen_regions:
    shown = shown[shown["kabkota_code"].isin(chosen_regions)]
if chosen_agencies:
    shown = shown[shown["last_agency"].isin(chosen_agencies)]
if only_overdue:
    shown = shown[shown["overdue"]]

# --- render -------------------------------------------------------------------------------------
k1, k2, k3, k4 = st.columns(4)
k1.metric(T.PENANGANAN_KPI_OPEN, fmt.number(len(shown)))
k2.metric(T.PENANGANAN_KPI_OVERDUE, fmt.number(int(shown["overdue"].sum()) if not shown.empty else 0))
k3.metric(T.PENANGANAN_KPI_NO_ACTION, fmt.number(int((shown["action_count"] == 0).sum()) if not shown.empty else 0))
k4.metric(T.PENANGANAN_KPI_MEDIAN_AGE, fmt.number(float(shown["age_days"].median()), 0) if not shown.empty else "—")

if shown.empty:
    st.info(T.PENANGANAN_EMPTY)
else:
    st.subheader(T.PENANGANAN_BY_REGION)
    per_region = (shown.groupby("region").agg(kasus=("incident_id", "size"), terlambat=("overdue", "sum"),
                                              umur=("age_days", "median"))
                  .sort_values(["terlambat", "kasus"], ascending=False).reset_index())
    st.dataframe(pd.DataFrame({
        T.PENANGANAN_COLUMNS["region"]: per_region["region"],
        T.PENANGANAN_KPI_OPEN: per_region["kasus"].astype(int),
        T.PENANGANAN_KPI_OVERDUE: per_region["terlambat"].astype(int),
        T.PENANGANAN_KPI_MEDIAN_AGE: per_region["umur"].round(0).astype(int),
    }), hide_index=True)

    st.subheader(T.PENANGANAN_CASES)
    C = T.PENANGANAN_COLUMNS
    table = pd.DataFrame({
        C["overdue"]: [T.PENANGANAN_OVERDUE_MARK if o else T.PENANGANAN_OK_MARK for o in shown["overdue"]],
        C["incident_id"]: shown["incident_id"].astype(int),
        C["occurred_on"]: [fmt.day(d) for d in shown["occurred_on"]],
        C["region"]: shown["region"],
        C["category"]: [tax.label("category", c) for c in shown["category"]],
        C["severity"]: [tax.label("severity", c) for c in shown["severity"]],
        C["handling_status"]: [tax.label("handling_status", c) for c in shown["handling_status"]],
        C["age_days"]: shown["age_days"].astype(int),
        C["action_count"]: shown["action_count"].astype(int),
        C["last_action_type"]: [tax.label("action_type", a) if isinstance(a, str) else "—"
                                   for a in shown["last_action_type"]],
        C["last_agency"]: [tax.label("agency", a) if isinstance(a, str) else "—" for a in shown["last_agency"]],
        C["last_status"]: [tax.label("action_status", a) if isinstance(a, str) else "—" for a in shown["last_status"]],
        C["last_due_on"]: [fmt.day(d) if d else "—" for d in shown["last_due_on"]],
    })

    def _highlight(row: pd.Series) -> list[str]:
        # Colour plus the text mark in the first column: overdue is never shown by colour alone.
        overdue = row[C["overdue"]] == T.PENANGANAN_OVERDUE_MARK
        return ["background-color: #FDE2E1; font-weight: 600" if overdue else "" for _ in row]

    st.dataframe(table.style.apply(_highlight, axis=1), hide_index=True, width="stretch")

    # --- one case: its actions, status and (for managers) the forms -----------------------------
    st.subheader(T.PENANGANAN_DETAIL)
    ids = list(shown["incident_id"].astype(int))
    labels = {int(r.incident_id): f"#{int(r.incident_id)} · {r.region} · {fmt.day(r.occurred_on)} · "
                                  f"{tax.label('category', r.category)}" for r in shown.itertuples()}
    incident_id = st.selectbox(T.PENANGANAN_PICK, ids, format_func=labels.get, key="pen_incident")
    case = shown[shown["incident_id"] == incident_id].iloc[0]
    actions = Q.incident_actions(principal, int(incident_id))
    st.markdown(f"**{T.PENANGANAN_ACTIONS}**")
    if actions.empty:
        st.caption(T.PENANGANAN_NO_ACTIONS)
    else:
        st.dataframe(pd.DataFrame({
            T.PENANGANAN_STAGE: [tax.label("stage", s) for s in actions["stage"]],
            T.PENANGANAN_TYPE: [tax.label("action_type", a) for a in actions["action_type"]],
            T.PENANGANAN_AGENCY: [tax.label("agency", a) for a in actions["agency"]],
            T.PENANGANAN_START: [fmt.day(d) for d in actions["started_on"]],
            T.PENANGANAN_DUE: [fmt.day(d) for d in actions["due_on"]],
            T.PENANGANAN_ACTION_STATUS: [tax.label("action_status", s) for s in actions["status"]],
            C["overdue"]: [T.PENANGANAN_OVERDUE_MARK if o else T.PENANGANAN_OK_MARK for o in actions["overdue"]],
            T.PENANGANAN_OUTCOME: [T.RESTRICTED if o is None else o for o in actions["outcome"]],
        }), hide_index=True, width="stretch")

    if not can_manage:
        st.info(T.PENANGANAN_READ_ONLY)
    else:
        def _write(fn, *args) -> bool:
            try:
                with engine().begin() as conn:
                    fn(conn, principal, *args)
            except (H.HandlingError, H.HandlingDenied) as exc:
                st.error(T.PENANGANAN_FAILED.format(reason=escape_markdown(exc)))
                return False
            invalidate()
            return True

        current = case["handling_status"]
        moves = list(H.STATUS_TRANSITIONS.get(current, ()))
        with st.form("pen_status"):
            new_status = st.selectbox(T.PENANGANAN_STATUS, moves,
                                      format_func=lambda s: f"{tax.label('handling_status', current)} → "
                                                            f"{tax.label('handling_status', s)}")
            if st.form_submit_button(T.PENANGANAN_STATUS_SUBMIT) and new_status:
                if _write(H.set_handling_status, int(incident_id), new_status):
                    st.success(T.PENANGANAN_STATUS_DONE.format(old=tax.label("handling_status", current),
                                                               new=tax.label("handling_status", new_status)))

        def _action_fields(prefix: str, existing: dict | None = None) -> dict:
            existing = existing or {}

            def pick(label: str, vocabulary: str, column: str):
                codes = list(tax.codes(vocabulary))
                value = existing.get(column)
                return st.selectbox(label, codes, index=codes.index(value) if value in codes else 0,
                                    format_func=lambda c: tax.label(vocabulary, c), key=f"{prefix}_{column}")

            a1, a2, a3 = st.columns(3)
            with a1:
                stage = pick(T.PENANGANAN_STAGE, "stage", "stage")
                action_type = pick(T.PENANGANAN_TYPE, "action_type", "action_type")
            with a2:
                agency = pick(T.PENANGANAN_AGENCY, "agency", "agency")
                status = pick(T.PENANGANAN_ACTION_STATUS, "action_status", "status")
            with a3:
                started = st.date_input(T.PENANGANAN_START, value=existing.get("started_on") or date.today(),
                                        format="DD/MM/YYYY", key=f"{prefix}_start")
                due = st.date_input(T.PENANGANAN_DUE, value=existing.get("due_on"), format="DD/MM/YYYY",
                                    key=f"{prefix}_due")
            finished = st.date_input(T.PENANGANAN_FINISHED, value=existing.get("finished_on"), format="DD/MM/YYYY",
                                     key=f"{prefix}_fin")
            outcome = st.text_area(T.PENANGANAN_OUTCOME, value=existing.get("outcome") or "", max_chars=5000,
                                   key=f"{prefix}_out")
            return {"stage": stage, "action_type": action_type, "agency": agency, "status": status,
                    "started_on": started, "due_on": due, "finished_on": finished, "outcome": outcome}

        with st.expander(T.PENANGANAN_ADD, expanded=actions.empty), st.form("pen_add"):
            values = _action_fields("pen_add")
            if st.form_submit_button(T.PENANGANAN_ADD_SUBMIT, type="primary"):
                if _write(H.add_action, {**values, "incident_id": int(incident_id)}):
                    st.success(T.PENANGANAN_SAVED)
        if not actions.empty:
            with st.expander(T.PENANGANAN_UPDATE):
                action_ids = [int(i) for i in actions["id"]]
                action_labels = {int(r.id): f"#{int(r.id)} · {tax.label('action_type', r.action_type)} · "
                                            f"{tax.label('agency', r.agency)}" for r in actions.itertuples()}
                action_id = st.selectbox(T.PENANGANAN_ACTION_PICK, action_ids, format_func=action_labels.get,
                                         key="pen_action_pick")
                existing = actions[actions["id"] == action_id].iloc[0].to_dict()
                with st.form("pen_update"):
                    values = _action_fields(f"pen_upd_{action_id}", existing)
                    if st.form_submit_button(T.PENANGANAN_UPDATE_SUBMIT):
                        if _write(H.update_action, int(action_id), values):
                            st.success(T.PENANGANAN_SAVED)

if view.scope.code and view.scope.code.count(".") == 1:
    recent = Q.region_actions(principal, view.scope.code, limit=None)
    if not recent.empty:
        st.subheader(T.PENANGANAN_REGION_ACTIONS)
        st.dataframe(pd.DataFrame({
            T.PENANGANAN_START: [fmt.day(d) for d in recent["started_on"]],
            T.PENANGANAN_TYPE: [tax.label("action_type", a) for a in recent["action_type"]],
            T.PENANGANAN_AGENCY: [tax.label("agency", a) for a in recent["agency"]],
            T.PENANGANAN_ACTION_STATUS: [tax.label("action_status", s) for s in recent["status"]],
        }), hide_index=True)
