"""Insiden page: counts equal a direct query, filters narrow, restricted text is marked, exports are safe."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
from sqlalchemy import func, select

from data_access import incidents
from data_access.db import make_engine
from data_access.models import AuditLog
from domain import fmt
from domain.filters import IncidentFilter
from tests.pages.conftest import ADMIN as ADMIN_ALL
from tests.pages.conftest import ANALIS, OPERATOR_GOWA, PIMPINAN_SULSEL, TODAY, no_exception
from ui import texts as T


def _default_filter(region: str = "73", **extra) -> IncidentFilter:
    return IncidentFilter(date_from=(TODAY - timedelta(days=365)).replace(day=1), date_to=TODAY, region_codes=(region,), **extra)


def _count_line(at) -> str:
    return next(m.value for m in at.markdown if "insiden cocok" in m.value)


def test_count_and_table_match_direct_query(page, seeded_url):
    at = page("insiden")
    no_exception(at)
    with make_engine(seeded_url).connect() as conn:
        expected = incidents.count_incidents(conn, ANALIS, _default_filter())
        newest = incidents.list_incidents(conn, ANALIS, _default_filter(), limit=1)
    assert expected > 100
    assert _count_line(at).startswith(f"**{fmt.number(expected)}** insiden")
    table = at.dataframe[0].value
    assert len(table) == 100
    assert int(table.iloc[0][T.COL_ID]) == int(newest.iloc[0]["id"])


def test_search_and_category_filters_narrow_the_count(page, seeded_url):
    at = page("insiden")
    at.text_input(key="ins_cari").input("hyperlink").run()
    no_exception(at)
    with make_engine(seeded_url).connect() as conn:
        by_search = incidents.count_incidents(conn, ANALIS, _default_filter(search="hyperlink"))
    assert by_search == 1  # the formula probe
    assert _count_line(at).startswith("**1** insiden")
    assert at.dataframe[0].value.iloc[0][T.COL_REGION] == "Kab. Gowa"
    at.multiselect(key="ins_kategori").select("sara").run()
    assert any(T.NO_INCIDENTS_FOR_FILTER in i.value for i in at.info)
    at.multiselect(key="ins_kategori").unselect("sara").select("ormas").run()
    assert _count_line(at).startswith("**1** insiden")


def test_nothing_found_says_why(page):
    at = page("insiden")
    at.text_input(key="ins_cari").input("tidak-ada-kata-seperti-ini").run()
    no_exception(at)
    assert any(T.NO_INCIDENTS_FOR_FILTER in i.value for i in at.info)
    assert not at.dataframe


def test_restricted_text_is_marked_not_blank(page):
    at = page("insiden", ANALIS)
    table = at.dataframe[0].value
    secret = table[table[T.COL_CATEGORY] == "SARA/identitas"]
    masked = table[table[T.COL_DESCRIPTION] == T.RESTRICTED]
    assert len(masked) >= 1 and "Rahasia" not in " ".join(table[T.COL_DESCRIPTION])
    assert not secret.empty


def test_operator_sees_only_own_region(page):
    at = page("insiden", OPERATOR_GOWA)
    no_exception(at)
    assert set(at.dataframe[0].value[T.COL_REGION]) == {"Kab. Gowa"}


def test_export_only_for_permitted_roles(page):
    assert not page("insiden", PIMPINAN_SULSEL).get("download_button")
    assert len(page("insiden", ANALIS).get("download_button")) == 2


def test_export_frame_neutralises_formulas_and_keeps_all_filtered_rows(seeded_url):
    from ui import exports as X

    flt = _default_filter(region="73.06")
    with make_engine(seeded_url).connect() as conn:
        rows = incidents.list_incidents(conn, ANALIS, flt, limit=None)
        expected = incidents.count_incidents(conn, ANALIS, flt)
    out = X.incident_export_frame(rows)
    H = T.EXPORT_INCIDENT_HEADERS
    assert len(out) == expected
    assert (out[H["description"]] == "'=HYPERLINK(\"http://x\")").sum() == 1
    assert (out[H["actors"]] == "'+62 kelompok").sum() == 1
    xlsx = pd.read_excel(pd.io.common.BytesIO(X.to_xlsx_bytes(out, "Insiden")))
    assert len(xlsx) == expected and not xlsx[H["description"]].astype(str).str.startswith("=").any()
    csv = pd.read_csv(pd.io.common.BytesIO(X.to_csv_bytes(out)), encoding="utf-8-sig")
    assert sorted(csv[H["id"]]) == sorted(rows["id"])


def test_export_headers_are_indonesian_with_codes_in_their_own_columns(seeded_url):
    from domain.taxonomy import taxonomy
    from ui import exports as X

    with make_engine(seeded_url).connect() as conn:
        rows = incidents.list_incidents(conn, ANALIS, _default_filter(region="73.06"), limit=None)
    out = X.incident_export_frame(rows)
    H = T.EXPORT_INCIDENT_HEADERS
    assert sorted(out.columns) == sorted(H.values()) and list(out.columns)[:3] == [H["id"], H["occurred_on"], H["occurred_time"]]
    for english in ("occurred_on", "kabkota_name", "category", "arena", "sensitivity", "description", "id"):
        assert english not in out.columns
    first, source = out.iloc[0], rows.iloc[0]
    tax = taxonomy()
    assert first[H["category_code"]] == source["category"]
    assert first[H["category"]] == tax.label("category", source["category"])
    assert first[H["arena"]] == tax.label("arena", source["arena"])
    assert first[H["sensitivity"]] == tax.label("sensitivity", source["sensitivity"])
    assert first[H["kabkota_name"]] == "Kab. Gowa" and first[H["kabkota_code"]] == "73.06"
    assert first[H["occurred_on"]] == pd.Timestamp(source["occurred_on"]).strftime("%d/%m/%Y")
    labels = set(out[H["arena"]])
    assert labels <= {"Nyata (luring)", "Maya (siber)"} and "maya" not in labels


def test_export_is_audited(seeded_url):
    from ui import queries as Q

    engine = make_engine(seeded_url)
    with engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(AuditLog).where(AuditLog.action == "export")).scalar()
    Q.record_export(ANALIS, "csv", _default_filter(), 42)
    with engine.connect() as conn:
        row = conn.execute(select(AuditLog.__table__).where(AuditLog.action == "export")
                           .order_by(AuditLog.id.desc())).mappings().first()
        after = conn.execute(select(func.count()).select_from(AuditLog).where(AuditLog.action == "export")).scalar()
    assert after == before + 1
    assert row["username"] == "analis" and row["detail"]["rows"] == 42 and row["detail"]["format"] == "csv"


def _with_row_selected(principal, row: int = 0):
    """Run the Insiden page with a table row selected (as a click on its checkbox would)."""
    from tests.apptest import new_session
    from tests.pages.conftest import HARNESS

    at = new_session(HARNESS)
    at.session_state["principal"] = principal
    at.session_state["harness_page"] = "insiden.py"
    at.session_state["ins_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def test_details_panel_and_edit_entry_follow_permissions(seeded_url):
    at = _with_row_selected(OPERATOR_GOWA)
    no_exception(at)
    first = at.dataframe[0].value.iloc[0]
    assert any(f"**{T.COL_ID}** {int(first[T.COL_ID])}" in m.value for m in at.markdown)
    edit = [b for b in at.button if b.label == T.INSIDEN_EDIT]
    assert len(edit) == 1  # operators report and edit incidents
    edit[0].click().run()
    no_exception(at)
    assert any(str(int(first[T.COL_ID])) in s.value for s in at.subheader if s.value != T.INSIDEN_DETAILS)
    analis = _with_row_selected(ANALIS)
    assert not [b for b in analis.button if b.label == T.INSIDEN_EDIT]


def test_details_of_a_restricted_report_are_marked(seeded_url):
    at = _with_row_selected(ANALIS)
    table = at.dataframe[0].value
    row = next(i for i, d in enumerate(table[T.COL_DESCRIPTION]) if d == T.RESTRICTED)
    at = _with_row_selected(ANALIS, row)
    no_exception(at)
    assert T.RESTRICTED in [t.value for t in at.text]
    assert "Rahasia" not in " ".join(t.value for t in at.text)


def test_sumber_filter_does_not_count_rows_whose_source_is_hidden(page, seeded_url):
    """Issue 16 finding 1 on the page: the Sumber filter counts only rows whose source the user may see
    (the rahasia probe's source, and any other row above terbatas, is masked for this analyst)."""
    with make_engine(seeded_url).connect() as conn:
        probe = incidents.list_incidents(conn, ADMIN_ALL, IncidentFilter(search="probe-rahasia"), limit=None)
        source = probe.iloc[0]["source"]
        flt = _default_filter(sources=(source,))
        visible = incidents.count_incidents(conn, ANALIS, flt)
        everything = incidents.count_incidents(conn, ADMIN_ALL, flt)
    assert everything > visible > 0
    at = page("insiden")
    at.multiselect(key="ins_sumber").select(source).run()
    no_exception(at)
    assert _count_line(at).startswith(f"**{fmt.number(visible)}** insiden")
