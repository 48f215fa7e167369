"""Ringkasan: KPI numbers equal direct data_access queries; the top-10 follows scoring's ranking."""
from __future__ import annotations

from datetime import timedelta

import pytest

from data_access import handling, incidents
from data_access.db import make_engine
from domain import fmt
from domain.access import Scope
from domain.filters import IncidentFilter
from domain.period import Month
from tests.pages.conftest import ANALIS, OPERATOR_GOWA, PIMPINAN_SULSEL, TODAY, no_exception
from ui import texts as T


def _metric(at, label: str):
    return next(m for m in at.metric if m.label == label)


def _month_filter(month: Month, region: str) -> IncidentFilter:
    end = min(month.first_day + timedelta(days=TODAY.day - 1), month.last_day)
    return IncidentFilter(date_from=month.first_day, date_to=end, region_codes=(region,))


@pytest.mark.parametrize("who,region", [(PIMPINAN_SULSEL, "73"), (OPERATOR_GOWA, "73.06")])
def test_kpis_equal_direct_queries(page, seeded_url, who, region):
    at = page("ringkasan", who)
    no_exception(at)
    month = Month.of(TODAY)
    with make_engine(seeded_url).connect() as conn:
        now = incidents.totals(conn, who, _month_filter(month, region))
        before = incidents.totals(conn, who, _month_filter(month.shift(-1), region))
        open_cases = handling.count_open_cases(conn, who, Scope.for_region(region))
    assert _metric(at, T.KPI_INCIDENTS).value == fmt.number(now["incidents"])
    assert _metric(at, T.KPI_DEATHS_INJURIES).value == f"{fmt.number(now['deaths'])} / {fmt.number(now['injuries'])}"
    assert _metric(at, T.KPI_OPEN_CASES).value == fmt.number(open_cases)
    diff = now["incidents"] - before["incidents"]
    assert _metric(at, T.KPI_INCIDENTS).delta.startswith(fmt.signed(diff).replace("−", "-"))


def test_past_month_uses_whole_months(page, seeded_url):
    month = Month.of(TODAY).shift(-3)
    at = page("ringkasan", PIMPINAN_SULSEL, query={"periode": str(month)})
    no_exception(at)
    with make_engine(seeded_url).connect() as conn:
        now = incidents.count_incidents(conn, PIMPINAN_SULSEL, IncidentFilter(
            date_from=month.first_day, date_to=month.last_day, region_codes=("73",)))
    assert _metric(at, T.KPI_INCIDENTS).value == fmt.number(now)


def test_latest_serious_incidents_listed_newest_first(page, seeded_url):
    at = page("ringkasan", ANALIS)
    no_exception(at)
    table = next(d for d in at.dataframe if T.COL_SEVERITY in d.value.columns).value
    window = IncidentFilter(date_from=Month.of(TODAY).last_day - timedelta(days=90), date_to=TODAY,
                            region_codes=("73",))
    with make_engine(seeded_url).connect() as conn:
        expected = incidents.serious_incidents(conn, ANALIS, window, limit=10)
    assert len(table) == len(expected) > 0
    assert list(table[T.COL_DATE]) == [fmt.day(d) for d in expected["occurred_on"]]
