"""The Laporan Situasi pack: PPTX and PDF say what the database says, masked stays masked, every export audited."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import select

from data_access import briefing_notes, incident_write, incidents
from data_access.demo.seed import seed_demo
from data_access.models import AuditLog
from domain import briefing as B
from domain.access import SYSTEM, Principal, Role, Scope
from domain.filters import IncidentFilter
from domain.period import Month
from services import pack_images, risk
from services.briefing import build_briefing
from services.pack import export_pack, render
from services.refresh import DataChange, after_change
from tests.conftest import clear_data

TODAY = date.today()
MONTH = Month.of(TODAY).shift(-1)
SULSEL = Scope.for_region("73")
SECRET = "UJIPAKET-RAHASIA-KALIMAT"
ANALIS_UMUM = Principal("analis.umum", Role.ANALIS, SULSEL, "umum")
ANALIS_TERBATAS = Principal("analis.terbatas", Role.ANALIS, SULSEL, "terbatas")


@pytest.fixture(scope="module")
def seeded(engine):
    clear_data(engine)
    with engine.begin() as conn:
        seed_demo(conn, today=TODAY)
        day = MONTH.first_day + timedelta(days=3)
        incident_write.create_incident(conn, SYSTEM, {
            "occurred_on": day, "reported_on": day, "kabkota_code": "73.71", "category": "sara",
            "severity": "berat", "deaths": 9, "injuries": 40, "source": "laporan_masyarakat",
            "source_ref": "UJI-PAKET-1", "description": SECRET, "actors": SECRET + " aktor",
            "sensitivity": "terbatas"})
        after_change(conn, DataChange.all("uji paket"), today=TODAY)  # the stored scores
    yield engine
    clear_data(engine)


def pptx_slides(data: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(data))
    out = []
    for slide in deck.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                parts += [s.name for s in shape.chart.plots[0].series]
        out.append("\n".join(parts))
    return out


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def expected_titles(content) -> list[str]:
    return [B.SECTION_TITLES[s] for s in content.sections]


@pytest.mark.parametrize("file_format", ["pptx", "pdf"])
def test_pack_titles_merah_list_and_counts_equal_the_database(seeded, file_format):
    with seeded.connect() as conn:
        content = build_briefing(conn, ANALIS_TERBATAS, SULSEL, MONTH)
        view = risk.scores_for(conn, ANALIS_TERBATAS, SULSEL, MONTH)
        totals = incidents.totals(conn, ANALIS_TERBATAS, IncidentFilter(date_from=MONTH.first_day,
                                                                        date_to=MONTH.last_day, region_codes=("73",)))
    pack = render(content, file_format, "matplotlib")
    pages = pptx_slides(pack.data) if file_format == "pptx" else pdf_pages(pack.data)
    flat = [" ".join(p.split()) for p in pages]
    assert len(pages) == len(content.sections) + 2 == pack.slides     # cover + sections + distribution
    for i, title in enumerate(expected_titles(content), start=2):
        assert title in flat[i - 1], (i, title)
    assert B.DISTRIBUTION_TITLE in flat[-1]
    for n, page in enumerate(flat, 1):
        assert B.SLIDE_NUMBER.format(n=n, total=len(pages)) in page
        assert "TERBATAS" in page                                    # the marking on every slide
    merah = sorted(view.table.loc[view.table["category"] == "merah", "name"])
    assert merah and sorted(content.merah) == merah
    situasi = flat[1]
    assert f"{B.MERAH_LIST} ({len(merah)})" in situasi
    for name in merah:
        assert name in situasi
    assert f"{totals['incidents']:,}".replace(",", ".") in situasi
    assert B.FACT_LABEL in situasi and B.ANALYSIS_LABEL in flat[len(pages) - 2]
    cover = flat[0]
    for text in ("TERBATAS", content.scope_name, content.period_text, content.as_of_text, ANALIS_TERBATAS.username):
        assert text in cover


def test_terbatas_text_is_absent_for_a_user_cleared_umum_and_marks_the_pack(seeded):
    with seeded.connect() as conn:
        low = build_briefing(conn, ANALIS_UMUM, SULSEL, MONTH)
        high = build_briefing(conn, ANALIS_TERBATAS, SULSEL, MONTH)
    assert low.classification == "umum" and high.classification == "terbatas"
    for file_format, reader in (("pptx", pptx_slides), ("pdf", pdf_pages)):
        low_text = " ".join(" ".join(p.split()) for p in reader(render(low, file_format, "matplotlib").data))
        high_text = " ".join(" ".join(p.split()) for p in reader(render(high, file_format, "matplotlib").data))
        assert SECRET not in low_text and B.RESTRICTED_TEXT in low_text, file_format
        assert SECRET in high_text, file_format
        assert "TERBATAS" not in low_text and "UMUM" in low_text


def test_note_versions_are_kept_masked_above_clearance_and_audited(seeded):
    with seeded.begin() as conn:
        v1 = briefing_notes.save_note(conn, ANALIS_TERBATAS, SULSEL, MONTH, analysis="Eskalasi di Makassar.",
                                      recommendations="Dialog tokoh.", sensitivity="umum")
        v2 = briefing_notes.save_note(conn, ANALIS_TERBATAS, SULSEL, MONTH, analysis="Eskalasi meluas ke Gowa.",
                                      recommendations="Patroli gabungan.", sensitivity="terbatas")
        with pytest.raises(briefing_notes.NoteError):
            briefing_notes.save_note(conn, ANALIS_UMUM, SULSEL, MONTH, analysis="x", recommendations="y",
                                     sensitivity="terbatas")
        with pytest.raises(briefing_notes.NoteError):
            briefing_notes.save_note(conn, Principal("p", Role.PIMPINAN, SULSEL, "rahasia"), SULSEL, MONTH,
                                     analysis="x", recommendations="y")
    assert (v1, v2) == (1, 2)
    with seeded.connect() as conn:
        history = briefing_notes.note_history(conn, ANALIS_TERBATAS, SULSEL, MONTH)
        masked = briefing_notes.latest_note(conn, ANALIS_UMUM, SULSEL, MONTH)
        saves = conn.execute(select(AuditLog.detail).where(AuditLog.action == "briefing_note_save")).scalars().all()
        high = build_briefing(conn, ANALIS_TERBATAS, SULSEL, MONTH)
        low = build_briefing(conn, ANALIS_UMUM, SULSEL, MONTH)
    assert [n.version for n in history] == [2, 1] and history[1].analysis == "Eskalasi di Makassar."
    assert masked.restricted and masked.analysis is None and masked.version == 2
    assert [d["version"] for d in saves][-2:] == [1, 2]
    analysis_page = pdf_pages(render(high, "pdf", "matplotlib").data)[-2]
    assert "Eskalasi meluas ke Gowa." in analysis_page and "Patroli gabungan." in analysis_page
    low_pages = " ".join(pdf_pages(render(low, "pdf", "matplotlib").data))
    assert "Eskalasi meluas" not in low_pages and B.NOTE_RESTRICTED in " ".join(low_pages.split())


def test_every_export_is_audited_and_an_operator_gets_none(seeded):
    with seeded.connect() as conn:
        before = len(conn.execute(select(AuditLog.id).where(AuditLog.action == "export_briefing")).all())
    pack = export_pack(seeded, ANALIS_UMUM, SULSEL, MONTH, "pdf", renderer="matplotlib", channel="uji")
    with seeded.connect() as conn:
        rows = conn.execute(select(AuditLog.__table__).where(AuditLog.action == "export_briefing")
                            .order_by(AuditLog.id)).all()
    assert len(rows) == before + 1
    assert rows[-1].username == "analis.umum" and rows[-1].target == f"73/{MONTH}"
    assert rows[-1].detail["format"] == "pdf" and rows[-1].detail["classification"] == "umum"
    assert rows[-1].detail["bytes"] == len(pack.data)
    from services.pack import PackError
    with pytest.raises(PackError):
        export_pack(seeded, Principal("op", Role.OPERATOR, SULSEL, "umum"), SULSEL, MONTH, "pdf",
                    renderer="matplotlib", channel="uji")


def test_kaleido_renders_with_the_system_chromium_and_matplotlib_without_a_browser(seeded, monkeypatch):
    """Both image paths are real; kaleido needs /usr/bin/chromium and FAILS (not skips) without it."""
    with seeded.connect() as conn:
        content = build_briefing(conn, ANALIS_UMUM, SULSEL, MONTH)
    png = b"\x89PNG\r\n\x1a\n"
    images = pack_images.render(content, "kaleido")
    assert images["map"].startswith(png) and images["trend"].startswith(png)
    monkeypatch.setenv("SIPKS_CHROMIUM", "/tidak/ada/chromium")
    assert pack_images.resolve("auto") == "matplotlib"
    images = pack_images.render(content, "auto")
    assert images["map"].startswith(png) and len(images["map"]) > 20_000
    with pytest.raises(FileNotFoundError):
        pack_images.render(content, "kaleido")


def test_cli_briefing_pack_writes_the_file_audits_and_refuses_bad_input(seeded, tmp_path, capsys):
    from cli.app import main

    url = seeded.url.render_as_string(hide_password=False)
    out = tmp_path / "paket.pptx"
    code = main(["--database-url", url, "briefing-pack", "--scope", "73", "--month", str(MONTH), "--format", "pptx",
                 "--out", str(out), "--renderer", "matplotlib"])
    assert code == 0, capsys.readouterr().err
    slides = pptx_slides(out.read_bytes())
    assert B.SECTION_TITLES["situasi"] in slides[1] and "Paket PPTX tersimpan" in capsys.readouterr().out
    with seeded.connect() as conn:
        last = conn.execute(select(AuditLog.__table__).where(AuditLog.action == "export_briefing")
                            .order_by(AuditLog.id.desc()).limit(1)).one()
    assert last.username == "system" and last.detail["channel"] == "cli" and last.detail["format"] == "pptx"
    for bad in (["--month", "2024-13"], ["--scope", "73.71.01"], ["--out", str(tmp_path / "tidak" / "ada.pdf")]):
        args = {"--scope": "73", "--month": str(MONTH), "--out": str(tmp_path / "x.pdf")}
        args.update(dict(zip(bad[::2], bad[1::2])))
        argv = ["--database-url", url, "briefing-pack", "--format", "pdf", "--renderer", "matplotlib"]
        argv += [x for kv in args.items() for x in kv]
        assert main(argv) == 2
        assert capsys.readouterr().err.startswith("galat:")
    assert not (tmp_path / "x.pdf").exists()
