"""Flow 2: the overview at 1920×1080 shows the database's numbers and scoring's top region."""
from __future__ import annotations

from datetime import date

from data_access import handling, incidents
from domain import fmt
from domain.access import Scope
from domain.filters import IncidentFilter
from domain.period import Month
from services import risk
from tests.e2e.helpers import ANALIS, grid_header, grid_rows, login, metric_value, parse_number, shot
from ui import charts
from ui import risk_text as RT
from ui import texts as T


def test_kpis_equal_database_and_top_region_equals_scoring(page, db_engine, principal_of):
    login(page, *ANALIS)
    page.get_by_role("heading", name=T.RINGKASAN_TITLE).wait_for()
    assert page.viewport_size == {"width": 1920, "height": 1080}

    principal = principal_of(ANALIS[0])
    today = date.today()
    month = Month.of(today)
    scope = Scope.for_region("73")
    # The running month is compared like with like: its first `today.day` days.
    flt = IncidentFilter(date_from=month.first_day, date_to=today, region_codes=("73",))
    with db_engine.connect() as conn:
        totals = incidents.totals(conn, principal, flt)
        open_cases = handling.count_open_cases(conn, principal, scope)
        view = risk.scores_for(conn, principal, scope, month)

    assert parse_number(metric_value(page, T.KPI_INCIDENTS)) == totals["incidents"]
    assert metric_value(page, T.KPI_DEATHS_INJURIES) == f"{fmt.number(totals['deaths'])} / " \
                                                         f"{fmt.number(totals['injuries'])}"
    assert parse_number(metric_value(page, T.KPI_OPEN_CASES)) == open_cases
    table = view.table
    assert len(table) == 24
    for category in charts.RISK_ORDER:
        label = T.KPI_REGIONS.format(category=charts.risk_label(category))
        assert parse_number(metric_value(page, label)) == int((table["category"] == category).sum()), category

    top = table.sort_values("rank").iloc[0]
    grid = page.locator("[data-testid='stDataFrame']").first
    rows = grid_rows(page, grid)
    header = grid_header(grid)
    first = dict(zip(header, rows[0]))
    assert first[T.TOP10_RANK] == "1"
    assert first[T.TOP10_REGION] == top["name"]
    assert first[T.TOP10_SCORE] == fmt.number(float(top["score"]), 1)
    # "Merah · 72 %": the colour with its probability (index v2)
    assert first[T.TOP10_CATEGORY].startswith(RT.row_badge(top))
    assert first[T.TOP10_CATEGORY].startswith(RT.short_label(top["category"]) + " · ")
    assert len(rows) == 10
    shot(page, "ringkasan_kpi_top10")
