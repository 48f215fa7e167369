"""The page list and which permission each page needs.

Pages a role may not use are not registered in ``st.navigation`` at all, so they
cannot be reached by URL either.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from domain.access import Permission, Principal
from ui import texts as T

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str          # emoji: :material/…: icons would pull a web font from the internet
    url_path: str
    permission: Permission
    section: str


PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("ringkasan.py", T.PAGE_RINGKASAN, "📊", "ringkasan", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("peringatan.py", T.PAGE_PERINGATAN, "🚨", "peringatan", Permission.VIEW_DASHBOARD,
             T.NAV_SECTION_DASHBOARD),
    PageSpec("peta_risiko.py", T.PAGE_PETA, "🗺️", "peta", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("tren.py", T.PAGE_TREN, "📈", "tren", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("profil_wilayah.py", T.PAGE_PROFIL, "📍", "profil", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("insiden.py", T.PAGE_INSIDEN, "📋", "insiden", Permission.VIEW_INCIDENTS, T.NAV_SECTION_DATA),
    PageSpec("penanganan.py", T.PAGE_PENANGANAN, "🤝", "penanganan", Permission.VIEW_HANDLING, T.NAV_SECTION_DATA),
    PageSpec("data_impor.py", T.PAGE_IMPOR, "📥", "impor", Permission.IMPORT_DATA, T.NAV_SECTION_DATA),
    PageSpec("metodologi.py", T.PAGE_METODOLOGI, "📐", "metodologi", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("pengguna.py", T.PAGE_PENGGUNA, "👤", "pengguna", Permission.MANAGE_USERS, T.NAV_SECTION_ADMIN),
    PageSpec("audit.py", T.PAGE_AUDIT, "🧾", "audit", Permission.VIEW_AUDIT, T.NAV_SECTION_ADMIN),
)


def allowed_specs(principal: Principal) -> list[PageSpec]:
    """The pages this principal may open, in menu order (only files that exist)."""
    return [s for s in PAGE_SPECS if principal.can(s.permission) and (PAGES_DIR / s.file).exists()]


def build_navigation(principal: Principal):
    """``st.navigation`` with only the allowed pages, grouped by section."""
    sections: dict[str, list] = {}
    for i, spec in enumerate(allowed_specs(principal)):
        page = st.Page(str(PAGES_DIR / spec.file), title=spec.title, icon=spec.icon, url_path=spec.url_path,
                       default=(i == 0))
        sections.setdefault(spec.section, []).append(page)
    return st.navigation(sections)
