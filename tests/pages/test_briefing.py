"""Briefing page (AppTest): the first screen shows the database's numbers; the server refuses an operator;
Ringkasan offers the pack only to roles that may have it."""
from __future__ import annotations

from data_access.db import make_engine
from domain import briefing as B
from domain import fmt
from domain.access import Scope
from domain.period import Month
from services.briefing import build_briefing
from tests.pages.conftest import ANALIS, OPERATOR_GOWA, TODAY, no_exception
from ui import texts as T


def test_first_screen_is_situasi_umum_with_the_database_numbers(page, seeded_url):
    at = page("briefing", ANALIS)
    no_exception(at)
    assert [t.value for t in at.title] == [B.SECTION_TITLES["situasi"]]
    engine = make_engine(seeded_url)
    with engine.connect() as conn:
        content = build_briefing(conn, ANALIS, Scope.for_region("73"), Month.of(TODAY), today=TODAY)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[B.KPI_INCIDENTS] == fmt.number(content.incidents)
    assert metrics[B.KPI_MERAH] == fmt.number(content.count("merah"))
    assert any(b.label == T.BRIEFING_NEXT for b in at.button)


def test_an_operator_is_refused_on_the_server(page, seeded_url):
    # Navigation never registers the page for an operator; run the file itself to prove the page refuses too.
    from tests.apptest import new_session
    from ui.navigation import PAGES_DIR

    at = new_session(PAGES_DIR / "briefing.py")
    at.session_state["principal"] = OPERATOR_GOWA
    at.run()
    assert [e.value for e in at.error] == [T.ACCESS_DENIED_PAGE]
    assert not at.metric and not at.title


def test_ringkasan_offers_the_pack_to_analis_not_to_operator(page):
    analis = page("ringkasan", ANALIS)
    operator = page("ringkasan", OPERATOR_GOWA)
    no_exception(analis)
    assert {"briefing_pack_pptx", "briefing_pack_pdf"} <= {b.key for b in analis.get("download_button")}
    assert not [b for b in operator.get("download_button") if str(b.key).startswith("briefing_pack")]
