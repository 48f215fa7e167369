"""The incident report/edit form (used on "Data & Impor" → Lapor insiden and in the Insiden details panel).

Writes go through :mod:`data_access.incident_write`, which checks permission, scope and
clearance and keeps every previous version; this module only collects input and shows
results. Bad input never raises: the form lists what is wrong, field by field.
"""
from __future__ import annotations

from datetime import date, time
from typing import Any

import pandas as pd
import pydeck as pdk
import streamlit as st

from data_access import incident_write as W
from data_access.footprint import incident_footprint
from domain import fmt
from domain.access import Permission, Principal
from domain.period import EARLIEST_DATE
from domain.taxonomy import taxonomy
from services.refresh import DataChange
from ui import texts as T
from ui.data import engine, invalidate
from ui.refresh import refresh_after_write
from ui.markup import escape_markdown
from ui.navigation import PAGES_DIR
from ui.queries import region_list   # cached by access, not by user


def _select(label: str, vocabulary: str, current: str | None, key: str, options: tuple[str, ...] | None = None) -> str:
    tax = taxonomy()
    codes = list(options or tax.codes(vocabulary))
    index = codes.index(current) if current in codes else 0
    return st.selectbox(label, codes, index=index, format_func=lambda c: tax.label(vocabulary, c), key=key,
                        placeholder=T.CHOOSE_ONE)


def _parse_time(text: str) -> time | None:
    text = text.strip()
    if not text:
        return None
    hour, _, minute = text.replace(".", ":").partition(":")
    return time(int(hour), int(minute or 0))


def _show_problems(problems: dict[str, str]) -> None:
    lines = [f"- **{escape_markdown(T.FORM_FIELD_NAMES.get(k, k))}**: {escape_markdown(v)}"
             for k, v in problems.items()]
    st.error(T.FORM_INVALID + "\n" + "\n".join(lines))


def _point_preview(lat: float, lon: float) -> None:
    layer = pdk.Layer("ScatterplotLayer", data=[{"lat": lat, "lon": lon}], get_position="[lon, lat]",
                      get_radius=300, radius_min_pixels=6, get_fill_color=[200, 30, 30])
    # map_provider=None and no map_style: no base-map request, the app works offline.
    deck = pdk.Deck(layers=[layer], initial_view_state=pdk.ViewState(latitude=lat, longitude=lon, zoom=10),
                    map_provider=None)
    st.pydeck_chart(deck, height=220)


def render_incident_form(principal: Principal, existing: dict[str, Any] | None = None, *,
                         incident_id: int | None = None, key: str | None = None) -> int | None:
    """Report a new incident (``existing`` None) or edit one; returns the id written, or None."""
    if existing is None and incident_id is not None:
        with engine().connect() as conn:
            existing = W.incident_for_edit(conn, principal, incident_id)
        if existing is None:
            st.warning(T.FORM_NOT_EDITABLE)
            return None
    key = key or (f"inc_edit_{existing['id']}" if existing else "inc_new")
    current = existing or {}
    st.subheader(T.FORM_TITLE_EDIT.format(id=existing["id"], version=existing["version"]) if existing
                 else T.FORM_TITLE_NEW)

    # --- load: regions inside the user's scope (kab/kota outside the form so kecamatan follow the choice)
    kabkota = region_list(principal, ("kabupaten", "kota"), None)
    if kabkota.empty:
        st.info(T.NO_DATA)
        return None
    codes = list(kabkota["code"])
    names = dict(zip(kabkota["code"], kabkota["display_name"]))
    kab = st.selectbox(T.FORM_KABKOTA, codes, index=codes.index(current["kabkota_code"])
                       if current.get("kabkota_code") in codes else 0,
                       format_func=lambda c: f"{names[c]} ({c})", key=f"{key}_kab", placeholder=T.CHOOSE_ONE)
    kecamatan = region_list(principal, ("kecamatan",), kab)
    kec_codes = [""] + list(kecamatan["code"])
    kec_names = dict(zip(kecamatan["code"], kecamatan["name"]))
    with_point = st.checkbox(T.FORM_POINT, value=current.get("lat") is not None, key=f"{key}_haspoint")

    with st.form(f"{key}_form", clear_on_submit=existing is None):
        c1, c2, c3 = st.columns(3)
        with c1:
            kec = st.selectbox(T.FORM_KECAMATAN, kec_codes,
                               index=kec_codes.index(current["kecamatan_code"])
                               if current.get("kecamatan_code") in kec_codes else 0,
                               format_func=lambda c: kec_names.get(c, T.FORM_KECAMATAN_NONE), key=f"{key}_kec",
                               placeholder=T.CHOOSE_ONE)
            occurred = st.date_input(T.FORM_OCCURRED, value=current.get("occurred_on") or date.today(),
                                     min_value=EARLIEST_DATE, max_value=date.today(), format="DD/MM/YYYY",
                                     key=f"{key}_occ")
            time_text = st.text_input(T.FORM_TIME, value=current["occurred_time"].strftime("%H:%M")
                                      if current.get("occurred_time") else "", key=f"{key}_time")
            reported = st.date_input(T.FORM_REPORTED, value=current.get("reported_on") or date.today(),
                                     min_value=EARLIEST_DATE, max_value=date.today(), format="DD/MM/YYYY",
                                     key=f"{key}_rep")
        with c2:
            category = _select(T.FORM_CATEGORY, "category", current.get("category"), f"{key}_cat")
            arena = _select(T.FORM_ARENA, "arena", current.get("arena"), f"{key}_arena")
            severity = _select(T.FORM_SEVERITY, "severity", current.get("severity"), f"{key}_sev")
            source = _select(T.FORM_SOURCE, "source", current.get("source") or "kesbangpol", f"{key}_src")
            sensitivity = _select(T.FORM_SENSITIVITY, "sensitivity", current.get("sensitivity"), f"{key}_sens",
                                  options=principal.readable_sensitivities)
        with c3:
            deaths = st.number_input(T.FORM_DEATHS, 0, 100_000, int(current.get("deaths") or 0), key=f"{key}_d")
            injuries = st.number_input(T.FORM_INJURIES, 0, 100_000, int(current.get("injuries") or 0), key=f"{key}_i")
            displaced = st.number_input(T.FORM_DISPLACED, 0, 100_000, int(current.get("displaced") or 0),
                                        key=f"{key}_p")
            verification = _select(T.FORM_VERIFICATION, "verification", current.get("verification"), f"{key}_ver")
            source_ref = st.text_input(T.FORM_SOURCE_REF, value=current.get("source_ref") or "", max_chars=120,
                                       key=f"{key}_ref")
        lat = lon = None
        if with_point:
            p1, p2 = st.columns(2)
            lat = p1.number_input(T.FORM_LAT, -11.5, 6.5, float(current.get("lat") or -5.14), format="%.5f",
                                  key=f"{key}_lat")
            lon = p2.number_input(T.FORM_LON, 94.5, 141.5, float(current.get("lon") or 119.43), format="%.5f",
                                  key=f"{key}_lon")
        actors = st.text_input(T.FORM_ACTORS, value=current.get("actors") or "", max_chars=2000, key=f"{key}_act")
        description = st.text_area(T.FORM_DESCRIPTION, value=current.get("description") or "", max_chars=10000,
                                   key=f"{key}_desc")
        submitted = st.form_submit_button(T.FORM_SUBMIT_EDIT if existing else T.FORM_SUBMIT_NEW, type="primary")
    if with_point and lat is not None:
        _point_preview(lat, lon)

    written = None
    if submitted:
        try:
            occurred_time = _parse_time(time_text)
        except ValueError:
            _show_problems({"occurred_on": T.FORM_BAD_TIME})
            occurred_time = False
        if occurred_time is not False:
            data = {"kabkota_code": kab, "kecamatan_code": kec or None, "occurred_on": occurred,
                    "occurred_time": occurred_time, "reported_on": reported, "category": category, "arena": arena,
                    "severity": severity, "source": source, "sensitivity": sensitivity, "verification": verification,
                    "deaths": int(deaths), "injuries": int(injuries), "displaced": int(displaced),
                    "source_ref": source_ref, "actors": actors, "description": description, "lat": lat, "lon": lon}
            written = _save(principal, existing, data)
    if existing:
        _render_history_and_delete(principal, existing, key)
    return written


def _save(principal: Principal, existing: dict[str, Any] | None, data: dict[str, Any]) -> int | None:
    try:
        with engine().begin() as conn:
            if existing:
                before = existing["version"]
                touched = incident_footprint(conn, existing["id"])
                version = W.edit_incident(conn, principal, existing["id"], data)
                touched |= incident_footprint(conn, existing["id"])
            else:
                new_id = W.create_incident(conn, principal, data)
                touched = incident_footprint(conn, new_id)
            refresh_after_write(conn, principal, DataChange.of(touched, "laporan insiden"))
    except W.IncidentInvalid as exc:
        _show_problems(exc.problems)
        return None
    except W.WriteDenied as exc:
        st.error(T.FORM_DENIED.format(reason=escape_markdown(exc)))
        return None
    invalidate()
    if existing:
        st.success(T.FORM_SAVED.format(version=version) if version != before else T.FORM_UNCHANGED)
        return existing["id"]
    st.success(T.FORM_CREATED.format(id=new_id))
    if principal.can(Permission.MANAGE_HANDLING):
        # One click on to the new case's first handling action (same tab, the case preselected).
        st.page_link(str(PAGES_DIR / "penanganan.py"), label=T.FORM_ADD_ACTION.format(id=new_id),
                     query_params={"insiden": str(new_id)})
    return new_id


def _render_history_and_delete(principal: Principal, existing: dict[str, Any], key: str) -> None:
    tax = taxonomy()
    with engine().connect() as conn:
        history = W.incident_history(conn, principal, existing["id"])
    with st.expander(T.FORM_HISTORY, expanded=False):
        if history.empty:
            st.caption(T.FORM_HISTORY_EMPTY)
        else:
            st.dataframe(pd.DataFrame({
                "Versi": history["version"],
                "Perubahan": [T.CHANGE_KINDS.get(k, k) for k in history["change_kind"]],
                "Oleh": history["changed_by"],
                "Waktu": [fmt.day(t) + " " + t.strftime("%H:%M") for t in pd.to_datetime(history["changed_at"])],
                "Tanggal kejadian": history["occurred_on"],
                "Wilayah": history["kabkota_code"],
                "Kategori": [tax.label("category", c) for c in history["category"]],
                "Keparahan": [tax.label("severity", c) for c in history["severity"]],
                "Meninggal": history["deaths"], "Luka": history["injuries"],
                "Uraian": [T.RESTRICTED if d is None else d for d in history["description"]],
            }), hide_index=True)
            with st.form(f"{key}_restore"):
                version = st.selectbox(T.FORM_RESTORE, list(history["version"]), key=f"{key}_restore_v",
                                       placeholder=T.CHOOSE_ONE)
                if st.form_submit_button(T.FORM_RESTORE_SUBMIT):
                    try:
                        with engine().begin() as conn:
                            touched = incident_footprint(conn, existing["id"])
                            new = W.restore_version(conn, principal, existing["id"], int(version))
                            touched |= incident_footprint(conn, existing["id"])
                            refresh_after_write(conn, principal, DataChange.of(touched, "pemulihan versi insiden"))
                        invalidate()
                        st.success(T.FORM_RESTORED.format(version=version, new=new))
                    except (W.IncidentInvalid, W.WriteDenied) as exc:
                        st.error(T.FORM_DENIED.format(reason=escape_markdown(exc)))
    if existing.get("deleted_at") is None:
        with st.expander(T.FORM_DELETE, expanded=False), st.form(f"{key}_delete"):
            reason = st.text_input(T.FORM_DELETE_REASON, max_chars=2000, key=f"{key}_reason")
            if st.form_submit_button(T.FORM_DELETE_SUBMIT):
                try:
                    with engine().begin() as conn:
                        W.delete_incident(conn, principal, existing["id"], reason)
                        refresh_after_write(conn, principal, DataChange.of(
                            incident_footprint(conn, existing["id"]), "penghapusan insiden"))
                    invalidate()
                    st.success(T.FORM_DELETED)
                except W.IncidentInvalid as exc:
                    _show_problems(exc.problems)
                except W.WriteDenied as exc:
                    st.error(T.FORM_DENIED.format(reason=escape_markdown(exc)))
