"""Flow 5: a search narrows the incident table; the CSV and Excel downloads hold exactly the
filtered rows, with spreadsheet formulas neutralised."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from urllib.parse import parse_qs, urlparse

from openpyxl import load_workbook

from data_access import incidents
from domain.filters import IncidentFilter
from tests.e2e.helpers import (
    ANALIS, FORMULA_DESCRIPTIONS, FORMULA_MARK, login, nav, parse_number, shot, shown_date_range,
    wait_for_app,
)
from ui import texts as T

COUNT_RE = re.compile(re.escape(T.INSIDEN_COUNT.split("{count}")[1].split("{page}")[0].replace("**", "").strip()))


def shown_count(page) -> int:
    """The row count the page states above the table ("**N** insiden cocok dengan filter …")."""
    text = page.get_by_text(COUNT_RE).first.inner_text()
    return int(parse_number(text.split(" ")[0]))


def download(page, button: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    data = open(info.value.path(), "rb").read()
    wait_for_app(page)   # the click also reruns the script (the export is audited)
    return data


def test_search_narrows_and_exports_hold_exactly_the_filtered_rows(page, db_engine, principal_of):
    principal = principal_of(ANALIS[0])
    login(page, *ANALIS)
    nav(page, T.PAGE_INSIDEN)
    page.get_by_role("heading", name=T.INSIDEN_TITLE, exact=True).wait_for()

    date_from, date_to = shown_date_range(page)   # the page's default window, as shown
    flt = IncidentFilter(date_from=date_from, date_to=date_to, region_codes=("73",))
    searched = replace(flt, search=FORMULA_MARK)
    with db_engine.connect() as conn:
        everything = incidents.count_incidents(conn, principal, flt)
        rows = incidents.list_incidents(conn, principal, searched, limit=None)
    assert shown_count(page) == everything

    search = page.get_by_label(T.FILTER_SEARCH, exact=True)
    search.fill(FORMULA_MARK)
    search.press("Enter")
    wait_for_app(page)
    assert shown_count(page) == len(rows) == len(FORMULA_DESCRIPTIONS) < everything
    assert parse_qs(urlparse(page.url).query).get("ins_cari") == [FORMULA_MARK]   # a shared link keeps it
    shot(page, "insiden_cari")

    expected_ids = sorted(int(i) for i in rows["id"])
    expected_text = {int(i): d for i, d in zip(rows["id"], rows["description"])}

    H = T.EXPORT_INCIDENT_HEADERS
    table = list(csv.DictReader(io.StringIO(download(page, T.EXPORT_CSV).decode("utf-8-sig"))))
    assert set(table[0]) == set(H.values())       # Indonesian headers only, codes in their own columns
    assert sorted(int(r[H["id"]]) for r in table) == expected_ids
    for r in table:
        assert r[H["description"]] == "'" + expected_text[int(r[H["id"]])]   # =, +, -, @ become text
        assert r[H["kabkota_name"]] == "Kota Makassar" and r[H["kabkota_code"]] == "73.71"
        assert r[H["arena"]] == "Nyata (luring)" and r[H["arena_code"]] == "nyata"
    assert any(r[H["actors"]] == "'=1+1" for r in table)

    sheet = load_workbook(io.BytesIO(download(page, T.EXPORT_XLSX)), read_only=True).active
    values = list(sheet.values)
    header, body = list(values[0]), values[1:]
    assert set(header) == set(H.values())
    records = [dict(zip(header, v)) for v in body]
    assert sorted(int(r[H["id"]]) for r in records) == expected_ids
    for r in records:
        assert r[H["description"]] == "'" + expected_text[int(r[H["id"]])]
        assert r[H["description"]][0] == "'"
    shot(page, "insiden_unduhan")
