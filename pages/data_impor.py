"""Data & Impor: file imports (template → upload → map columns → check → preview → commit), the in-app
incident report form, and the import history with rollback."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data_access import audit
from data_access import imports as imp
from data_access.footprint import import_footprint
from data_access.imports.mapping_spec import MappingSpec
from data_access.imports.messages import human_size
from data_access.imports.parsing import MIN_DATE
from data_access.imports.templates import GUIDE_FILE, TEMPLATES_DIR
from domain import fmt
from domain.access import Permission
from services.refresh import DataChange
from ui import texts as T
from ui.data import engine, invalidate
from ui.import_rules import preset_picker, problem_downloads, rules_editor
from ui.incident_form import render_incident_form
from ui.refresh import refresh_after_write
from ui.markup import escape_markdown
from ui.session import principal as current_principal

principal = current_principal()
st.title(T.IMPOR_TITLE)
st.caption(T.IMPOR_INTRO)

tabs = st.tabs([T.IMPOR_TAB_FILE, T.IMPOR_TAB_REPORT, T.IMPOR_TAB_HISTORY])
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _problems_table(problems) -> None:
    st.dataframe(imp.problems_frame(problems), hide_index=True, width="stretch")


def _parse_rows(text: str) -> set[int] | None:
    try:
        return {int(part) for part in text.replace(";", ",").split(",") if part.strip()}
    except ValueError:
        return None


def _template_download(stored: str):
    """Deferred download: the file is read, and the download audited, only when the button is clicked."""
    def build() -> bytes:
        with engine().begin() as conn:
            audit.record(conn, principal, "download", f"templat:{stored}")
        return (TEMPLATES_DIR / stored).read_bytes()
    return build


# ---------------------------------------------------------------- tab 1: file import
def _import_tab() -> None:
    kinds = [k for k, spec in imp.KINDS.items() if principal.can(spec.permission)]
    kind = st.selectbox(T.IMPOR_KIND, kinds, format_func=lambda k: imp.KINDS[k].label, key="imp_kind",
                        placeholder=T.CHOOSE_ONE)

    st.markdown(f"**{T.IMPOR_TEMPLATES}**")
    d1, d2, d3, _ = st.columns([1, 1, 1, 2])
    for column, (label, file_name, stored, mime) in zip((d1, d2, d3), (
        (T.IMPOR_TEMPLATE_CSV, f"templat_{kind}.csv", f"{kind}.csv", MIME["csv"]),
        (T.IMPOR_TEMPLATE_XLSX, f"templat_{kind}.xlsx", f"{kind}.xlsx", MIME["xlsx"]),
        (T.IMPOR_TEMPLATE_GUIDE, GUIDE_FILE, GUIDE_FILE, "text/markdown"),
    )):
        column.download_button(label, data=_template_download(stored), file_name=file_name, mime=mime,
                               on_click="ignore", key=f"imp_tpl_{stored}")

    preset = preset_picker(kind)
    with engine().connect() as conn:
        saved_sources = imp.mapping_sources(conn, kind)
    source = st.text_input(T.IMPOR_SOURCE, help=T.IMPOR_SOURCE_HELP, max_chars=80, key="imp_source",
                           placeholder=preset.source_name if preset else "").strip()
    if saved_sources:
        st.caption(T.IMPOR_SAVED_SOURCES.format(names=escape_markdown(", ".join(saved_sources))))
    earliest = st.date_input(T.IMPOR_EARLIEST, value=(preset.earliest if preset and preset.earliest else MIN_DATE),
                             min_value=date(1900, 1, 1), max_value=date.today(), format="DD/MM/YYYY",
                             help=T.IMPOR_EARLIEST_HELP, key="imp_earliest")
    upload = st.file_uploader(T.IMPOR_UPLOAD.format(limit=human_size(imp.MAX_BYTES)), type=["csv", "xlsx"],
                              key="imp_file")

    if upload is not None:
        data = upload.getvalue()
        sheet = st.session_state.get("imp_sheet") if upload.name.lower().endswith((".xlsx", ".xlsm")) else None
        try:
            table = imp.read_table(upload.name, data, sheet=sheet)
        except imp.SheetChoiceNeeded as exc:
            st.info(T.IMPOR_SHEET_CHOOSE)
            st.selectbox(T.IMPOR_SHEET, exc.sheets, index=None, key="imp_sheet", placeholder=T.CHOOSE_ONE)
            return
        except imp.FileRejected as exc:
            st.error(T.IMPOR_FILE_REJECTED)
            _problems_table(exc.problems)
            problem_downloads(exc.problems, upload.name, "imp_rejected")
            return
        if table.sheet:
            st.caption(T.IMPOR_SHEET_READ.format(sheet=table.sheet))
        if table.tags:
            st.caption(T.IMPOR_HXL_SKIPPED)

        # --- map columns: the preset's, else the saved mapping of this source, else a guess from the headers
        with engine().connect() as conn:
            saved_raw = imp.load_mapping(conn, kind, source) if source else None
        saved = MappingSpec.from_json(saved_raw) if saved_raw else None
        base = preset.mapping if preset else saved
        initial = {} if base is not None and not base.guess else dict(imp.guess_mapping(kind, table.columns))
        if base is not None:
            taken = set(base.fixed) | set(base.value_maps) | set(base.derive)
            initial = {c: f for c, f in initial.items() if f not in taken}
            initial.update({c: t for c, t in base.columns.items() if c in table.columns})
        mapping = rules_editor(kind, table.columns, initial, preset, saved)
        if mapping is None:
            return
        save_it = st.checkbox(T.IMPOR_MAPPING_SAVE, value=False, disabled=not source, key="imp_map_save")

        # --- check every row (nothing is written)
        with engine().connect() as conn:
            prepared = imp.prepare(conn, principal, kind, table, imp.content_hash(data), mapping=mapping,
                                   source_name=source or (preset.source_name if preset else None),
                                   earliest=earliest, preset=preset)
        st.subheader(T.IMPOR_CHECK)
        if prepared.file_problems:
            st.error(T.IMPOR_FILE_REJECTED)
            _problems_table(prepared.file_problems)
            problem_downloads(prepared.file_problems, upload.name, "imp_file_problems")
            return
        valid = sum(1 for r in prepared.rows if r.values is not None)
        st.markdown(T.IMPOR_SUMMARY.format(rows=fmt.number(len(prepared.rows)), valid=fmt.number(valid),
                                           bad=fmt.number(len(prepared.error_rows))))
        if prepared.unused_columns:
            st.caption(T.IMPOR_UNUSED.format(columns=escape_markdown(", ".join(prepared.unused_columns))))
        if prepared.problems:
            st.markdown(f"**{T.IMPOR_PROBLEMS}**")
            _problems_table(prepared.problems)
            problem_downloads(prepared.problems, upload.name, "imp_problems")
        else:
            st.success(T.IMPOR_NO_PROBLEMS)

        # --- rows to skip: listed and recorded, never silently dropped
        skip = set(st.multiselect(T.IMPOR_SKIP, prepared.error_rows, default=prepared.error_rows,
                                  help=T.IMPOR_SKIP_HELP, key="imp_skip", placeholder=T.CHOOSE_NONE_SKIPPED))
        more_text = st.text_input(T.IMPOR_SKIP_MORE, key="imp_skip_more")
        more = _parse_rows(more_text)
        if more is None:
            st.error(T.IMPOR_SKIP_BAD.format(value=escape_markdown(more_text)))
            more = set()
        skip |= more
        with engine().connect() as conn:
            the_plan = imp.plan(conn, principal, prepared, skip)
        st.markdown(T.IMPOR_PLAN.format(inserts=fmt.number(the_plan.inserts), updates=fmt.number(the_plan.updates),
                                        unchanged=fmt.number(the_plan.unchanged), skipped=fmt.number(len(skip))))
        if the_plan.conflicts:
            _problems_table(the_plan.conflicts)
        preview = prepared.preview_frame(200)
        if not preview.empty:
            st.markdown(f"**{T.IMPOR_PREVIEW}**")
            st.dataframe(preview, hide_index=True, width="stretch")

        blocking = sorted(set(prepared.error_rows) - skip)
        if blocking:
            st.warning(T.IMPOR_BLOCKED.format(count=fmt.number(len(blocking))))
        if st.button(T.IMPOR_COMMIT, type="primary", disabled=bool(blocking or the_plan.conflicts),
                     key="imp_commit"):
            bar = st.progress(0.0, text=T.IMPOR_PROGRESS)
            try:
                result = imp.commit(engine(), principal, prepared, skip_rows=skip,
                                    progress=lambda fraction, text: bar.progress(min(1.0, fraction), text=text))
            except (imp.ImportRejected, imp.ImportDenied) as exc:
                bar.empty()
                st.error(T.IMPOR_FAILED)
                problems = getattr(exc, "problems", None)
                _problems_table(problems) if problems else st.error(escape_markdown(exc))
            else:
                with engine().begin() as conn:
                    refresh_after_write(conn, principal, DataChange.of(
                        import_footprint(conn, result.import_id), "impor"))
                if save_it and source:
                    with engine().begin() as conn:
                        imp.save_mapping(conn, principal, kind, source, mapping.to_json())
                    st.caption(T.IMPOR_MAPPING_SAVED.format(source=escape_markdown(source)))
                invalidate()
                st.success(T.IMPOR_DONE.format(id=result.import_id, added=fmt.number(result.added),
                                               updated=fmt.number(result.updated),
                                               unchanged=fmt.number(result.unchanged),
                                               skipped=fmt.number(result.skipped)))

with tabs[0]:
    _import_tab()

# ---------------------------------------------------------------- tab 2: report an incident
with tabs[1]:
    if principal.can(Permission.REPORT_INCIDENT):
        render_incident_form(principal, None, key="lapor")
    else:
        st.info(T.FORM_NOT_EDITABLE)

# ---------------------------------------------------------------- tab 3: history and rollback
with tabs[2]:
    with engine().connect() as conn:
        history = imp.import_history(conn, principal)
    if principal.scope.code is not None:
        st.caption(T.IMPOR_HISTORY_SCOPE)
    if history.empty:
        st.info(T.IMPOR_HISTORY_EMPTY)
    else:
        shown = history.drop(columns=["content_hash"]).copy()
        shown["kind"] = [imp.KINDS[k].label if k in imp.KINDS else k for k in shown["kind"]]
        shown["status"] = [T.IMPOR_STATUS.get(s, s) for s in shown["status"]]
        for column in ("imported_at", "rolled_back_at"):
            shown[column] = [fmt.day(t) + " " + t.strftime("%H:%M") if pd.notna(t) else "—"
                             for t in pd.to_datetime(shown[column])]
        st.dataframe(shown.rename(columns=T.IMPOR_HISTORY_COLUMNS), hide_index=True, width="stretch")
        with_skips = [int(i) for i, n in zip(history["id"], history["rows_skipped"]) if n]
        if with_skips:
            pick = st.selectbox(T.IMPOR_SKIPPED_ROWS.format(id="…"), with_skips, key="imp_skipped_pick",
                                placeholder=T.CHOOSE_ONE)
            with engine().connect() as conn:
                skipped = imp.skipped_rows(conn, principal, int(pick))
            st.dataframe(pd.DataFrame({"Baris": [r["row"] for r in skipped],
                                       "Alasan": ["; ".join(r["reasons"]) for r in skipped]}), hide_index=True)
        active = [int(i) for i, s in zip(history["id"], history["status"]) if s == "committed"]
        if active and principal.can(Permission.IMPORT_DATA):
            st.subheader(T.IMPOR_ROLLBACK)
            with st.form("imp_rollback"):
                target = st.selectbox(T.IMPOR_ROLLBACK_PICK, active, format_func=lambda i: f"#{i}",
                                      placeholder=T.CHOOSE_ONE)
                confirmed = st.checkbox(T.IMPOR_ROLLBACK_CONFIRM)
                if st.form_submit_button(T.IMPOR_ROLLBACK, disabled=False) and confirmed:
                    try:
                        undone = imp.rollback(engine(), principal, int(target))
                    except (imp.ImportRejected, imp.ImportDenied) as exc:
                        st.error(escape_markdown(exc))
                    else:
                        with engine().begin() as conn:
                            refresh_after_write(conn, principal, DataChange.of(
                                import_footprint(conn, undone.import_id), "pembatalan impor"))
                        invalidate()
                        st.success(T.IMPOR_ROLLBACK_DONE.format(id=undone.import_id, withdrawn=undone.withdrawn,
                                                                restored=undone.restored))
