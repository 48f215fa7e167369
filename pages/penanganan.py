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
from ui import handling_form as HF
from ui import queries as Q
from ui import texts as T
from ui.session import principal as current_principal
from ui.state import current_view


def case_matches(frame: pd.DataFrame, text: str) -> pd.Series:
    """Cases whose number, region name or (readable) description contains ``text`` (case-insensitive).

    "#12" asks for case number 12 only: its digits must not also match "12" inside descriptions.
    """
    stripped = text.strip()
    needle = stripped.lstrip("#").casefold()
    number = frame["incident_id"].astype(int).astype(str) == needle
    if stripped.startswith("#") and needle.isdigit():
        return number
    region = frame["region"].str.casefold().str.contains(needle, regex=False)
    described = frame["description"].fillna("").str.casefold().str.contains(needle, regex=False)
    return number | region | described


def case_label(row) -> str:
    """"#12 · Kota Makassar · 03/11/2026 · Berat · Bentrok antarwarga · Dua kelompok…" for the picker."""
    text = row.description if isinstance(row.description, str) else ""
    text = (text[:60] + "…") if len(text) > 60 else text
    return " · ".join(p for p in (f"#{int(row.incident_id)}", row.region, fmt.day(row.occurred_on),
                                  tax.label("severity", row.severity), tax.label("category", row.category), text) if p)


principal = current_principal()
view = current_view(principal)
tax = taxonomy()
can_manage = principal.can(Permission.MANAGE_HANDLING)

# --- load ---------------------------------------------------------------------------------------
st.title(T.PENANGANAN_TITLE)
st.caption(T.PENANGANAN_INTRO.format(days=H.UNHANDLED_OVERDUE_DAYS))
cases = Q.open_cases(principal, view.scope, date.today())

requested = st.query_params.get("insiden")
requested_id = int(requested) if isinstance(requested, str) and requested.isdigit() else None

# --- compute ------------------------------------------------------------------------------------
if not cases.empty:
    cases = cases.assign(region=[display_name(n) for n in cases["kabkota_name"]])
regions = sorted(cases["kabkota_code"].unique()) if not cases.empty else []
region_names = dict(zip(cases["kabkota_code"], cases["region"])) if not cases.empty else {}
search = st.text_input(T.PENANGANAN_SEARCH, key="pen_cari", max_chars=200, placeholder=T.PENANGANAN_SEARCH_HINT)
f1, f2, f3 = st.columns([2, 2, 1], vertical_alignment="bottom")
chosen_regions = f1.multiselect(T.PENANGANAN_FILTER_REGION, regions, format_func=lambda c: region_names.get(c, c),
                                key="pen_regions", placeholder=T.FILTER_ALL)
agencies = sorted(a for a in cases["last_agency"].dropna().unique()) if not cases.empty else []
chosen_agencies = f2.multiselect(T.PENANGANAN_FILTER_AGENCY, agencies, format_func=lambda a: tax.label("agency", a),
                                 key="pen_agencies", placeholder=T.FILTER_ALL)
only_overdue = f3.toggle(T.PENANGANAN_FILTER_OVERDUE, key="pen_overdue")
shown = cases  # already most urgent first (handling.open_cases)
if chosen_regions:
    shown = shown[shown["kabkota_code"].isin(chosen_regions)]
if chosen_agencies:
    shown = shown[shown["last_agency"].isin(chosen_agencies)]
if only_overdue:
    shown = shown[shown["overdue"]]
if search.strip() and not shown.empty:
    shown = shown[case_matches(shown, search)]


def status_text(status: str, stage: str | None) -> str:
    """"Dalam penanganan · Penghentian": a case being handled names the stage of its latest action."""
    label = tax.label("handling_status", status)
    return f"{label} · {tax.label('stage', stage)}" if isinstance(stage, str) and status == "ditangani" else label


# --- render -------------------------------------------------------------------------------------
HF.show_flash()
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
        C["handling_status"]: [status_text(s, g) for s, g in zip(shown["handling_status"], shown["last_stage"])],
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
    labels = {int(r.incident_id): case_label(r) for r in shown.itertuples()}
    if requested_id in labels and st.session_state.get("pen_requested") != requested_id:
        # Arriving from "add a handling action" on a new incident: that case is the one picked.
        st.session_state["pen_requested"] = requested_id
        st.session_state["pen_incident"] = requested_id
    if st.session_state.get("pen_incident") not in labels:
        st.session_state.pop("pen_incident", None)
    incident_id = st.selectbox(T.PENANGANAN_PICK, ids, format_func=labels.get, key="pen_incident",
                               placeholder=T.PENANGANAN_PICK_HINT)
    case = shown[shown["incident_id"] == incident_id].iloc[0]
    actions = Q.incident_actions(principal, int(incident_id))
    st.markdown(f"**{T.PENANGANAN_CASE_STATUS}:** {status_text(case['handling_status'], case['last_stage'])}")
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
        }), hide_index=True, width="stretch", key=f"pen_actions_{incident_id}")

    if not can_manage:
        st.info(T.PENANGANAN_READ_ONLY)
    else:
        current = case["handling_status"]
        moves = list(H.STATUS_TRANSITIONS.get(current, ()))
        with st.expander(T.PENANGANAN_ADD, expanded=actions.empty), st.form("pen_add"):
            values = HF.action_fields("pen_add")
            if st.form_submit_button(T.PENANGANAN_ADD_SUBMIT, type="primary"):
                HF.write(principal, H.add_action, {**values, "incident_id": int(incident_id)},
                         done=T.PENANGANAN_SAVED)
        if not actions.empty:
            with st.expander(T.PENANGANAN_UPDATE):
                action_ids = [int(i) for i in actions["id"]]
                action_labels = {int(r.id): f"#{int(r.id)} · {tax.label('action_type', r.action_type)} · "
                                            f"{tax.label('agency', r.agency)}" for r in actions.itertuples()}
                action_id = st.selectbox(T.PENANGANAN_ACTION_PICK, action_ids, format_func=action_labels.get,
                                         key="pen_action_pick", placeholder=T.CHOOSE_ONE)
                existing = actions[actions["id"] == action_id].iloc[0].to_dict()
                with st.form("pen_update"):
                    values = HF.action_fields(f"pen_upd_{action_id}", existing)
                    if st.form_submit_button(T.PENANGANAN_UPDATE_SUBMIT):
                        HF.write(principal, H.update_action, int(action_id), values, done=T.PENANGANAN_SAVED)
        with st.expander(T.PENANGANAN_STATUS_MANUAL), st.form("pen_status"):
            new_status = st.selectbox(T.PENANGANAN_STATUS, moves,
                                      format_func=lambda s: f"{tax.label('handling_status', current)} → "
                                                            f"{tax.label('handling_status', s)}",
                                                            placeholder=T.CHOOSE_ONE)
            if st.form_submit_button(T.PENANGANAN_STATUS_SUBMIT) and new_status:
                HF.write(principal, H.set_handling_status, int(incident_id), new_status,
                         done=T.PENANGANAN_STATUS_DONE.format(old=tax.label("handling_status", current),
                                                              new=tax.label("handling_status", new_status)))

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
