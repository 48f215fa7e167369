"""The Laporan Situasi pack: build the briefing once, render it as PPTX or PDF, audit the export."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, Engine

from data_access import audit
from domain.access import Permission, Principal, Scope
from domain.period import Month
from services import pack_images, pack_slides
from services.briefing import BriefingContent, build_briefing
from services.pack_pdf import render_pdf
from services.pack_pptx import render_pptx

FORMATS = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
           "pdf": "application/pdf"}


class PackError(ValueError):
    """A pack the caller may not or cannot have (message in Bahasa Indonesia)."""


@dataclass(frozen=True)
class Pack:
    data: bytes
    file_format: str
    file_name: str
    mime: str
    classification: str
    renderer: str
    slides: int


def file_name(content: BriefingContent, file_format: str) -> str:
    return f"laporan-situasi_{content.scope.encode()}_{content.month}.{file_format}"


def render(content: BriefingContent, file_format: str, renderer: str = "auto") -> Pack:
    """The pack of ``content`` as ``pptx`` or ``pdf`` (no database access; not audited by itself)."""
    if file_format not in FORMATS:
        raise PackError(f"format tidak dikenal: {file_format!r} (pptx atau pdf)")
    used = pack_images.resolve(renderer)
    images = pack_images.render(content, used)
    slides = pack_slides.slides(content)
    data = (render_pptx if file_format == "pptx" else render_pdf)(content, slides, images)
    return Pack(data, file_format, file_name(content, file_format), FORMATS[file_format], content.classification,
                used, len(slides))


def record_export(conn: Connection, principal: Principal, pack: Pack, content: BriefingContent,
                  channel: str) -> None:
    """Append the export to the audit log (who, scope, month, format, classification, size)."""
    audit.record(conn, principal, "export_briefing", f"{content.scope.encode()}/{content.month}", {
        "format": pack.file_format, "classification": pack.classification, "slides": pack.slides,
        "bytes": len(pack.data), "renderer": pack.renderer, "channel": channel,
        "note_version": content.note.version if content.note and not content.note.restricted else None,
    })


def export_pack(engine: Engine, principal: Principal, scope: Scope | None, month: Month, file_format: str, *,
                renderer: str = "auto", channel: str, today: date | None = None) -> Pack:
    """Build, render and audit a pack for ``principal`` (their scope and clearance apply)."""
    if not principal.can(Permission.VIEW_BRIEFING):
        raise PackError("Peran Anda tidak boleh mengunduh paket laporan situasi.")
    with engine.connect() as conn:
        content = build_briefing(conn, principal, scope, month, today=today)
    pack = render(content, file_format, renderer)
    with engine.begin() as conn:
        record_export(conn, principal, pack, content, channel)
    return pack
