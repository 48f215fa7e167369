"""Data & Impor widgets for the full mapping: preset picker, column mapping, fixed values,
value maps and derivations, and the problem-list downloads."""
from __future__ import annotations

import json

import streamlit as st

from data_access import imports as imp
from data_access.imports.mapping_spec import MappingSpec, SpecError
from data_access.imports.model import problems_file
from data_access.imports.presets import Preset, PresetError, all_presets
from ui import texts as T


@st.cache_data(ttl=300, show_spinner=False)
def _presets() -> list[Preset]:
    return all_presets()


def preset_picker(kind: str) -> Preset | None:
    """A selectbox of the presets for ``kind`` (assets/import_presets/*.toml); None = no preset."""
    try:
        presets = [p for p in _presets() if p.kind == kind]
    except PresetError as exc:
        st.error(T.IMPOR_PRESET_BROKEN.format(reason=str(exc)))
        return None
    if not presets:
        return None
    by_name = {p.name: p for p in presets}
    name = st.selectbox(T.IMPOR_PRESET, ["", *by_name], key=f"imp_preset_{kind}",
                        format_func=lambda n: T.IMPOR_PRESET_NONE if not n else by_name[n].label,
                        help=T.IMPOR_PRESET_HELP, placeholder=T.CHOOSE_ONE)
    preset = by_name.get(name)
    if preset is not None and preset.description:
        st.caption(preset.description)
    return preset


def rules_editor(kind: str, columns: tuple[str, ...], initial: dict[str, str], preset: Preset | None,
                 saved: MappingSpec | None) -> MappingSpec | None:
    """Column mapping, fixed values and (as JSON) value maps and derivations; None while invalid."""
    spec = imp.KINDS[kind]
    base = preset.mapping if preset is not None else (saved or MappingSpec())
    field_keys = [imp.SKIP] + [f.key for f in spec.fields]
    labels = {imp.SKIP: T.IMPOR_MAPPING_SKIP, **{f.key: f"{f.key} — {f.label}" + (" *" if f.required else "")
                                                   for f in spec.fields}}
    provided_otherwise = set(base.fixed) | set(base.value_maps) | set(base.derive)
    covered = set(initial.values()) | provided_otherwise
    with st.expander(T.IMPOR_MAPPING, expanded=not set(spec.required) <= covered):
        st.caption(T.IMPOR_MAPPING_HELP)
        mapping: dict[str, str] = {}
        grid = st.columns(3)
        for i, column in enumerate(columns):
            chosen = initial.get(column, imp.SKIP)
            mapping[column] = grid[i % 3].selectbox(
                column, field_keys, index=field_keys.index(chosen) if chosen in field_keys else 0,
                format_func=labels.get, key=f"imp_map_{kind}_{i}", placeholder=T.CHOOSE_ONE)
        st.markdown(f"**{T.IMPOR_FIXED}**")
        st.caption(T.IMPOR_FIXED_HELP)
        fixed_fields = st.multiselect(T.IMPOR_FIXED_FIELDS, [f.key for f in spec.fields], default=list(base.fixed),
                                      format_func=labels.get, key=f"imp_fixed_fields_{kind}",
                                      placeholder=T.CHOOSE_MANY)
        fixed = {}
        fixed_grid = st.columns(3)
        for i, key in enumerate(fixed_fields):
            fixed[key] = fixed_grid[i % 3].text_input(labels[key], value=base.fixed.get(key, ""),
                                                      key=f"imp_fixed_{kind}_{key}").strip()
        st.markdown(f"**{T.IMPOR_RULES}**")
        advanced = {"value_maps": base.to_json()["value_maps"], "derive": base.to_json()["derive"]}
        text = st.text_area(T.IMPOR_RULES_HELP, value=json.dumps(advanced, ensure_ascii=False, indent=1),
                            height=160, key=f"imp_rules_{kind}_{preset.name if preset else ''}")
    try:
        rules = json.loads(text or "{}")
        if not isinstance(rules, dict):
            raise SpecError(T.IMPOR_RULES_NOT_OBJECT)
        return MappingSpec.from_json({"columns": {c: t for c, t in mapping.items() if t != imp.SKIP},
                                      "fixed": {k: v for k, v in fixed.items() if v},
                                      "value_maps": rules.get("value_maps") or {},
                                      "derive": rules.get("derive") or {},
                                      "guess": False})
    except (json.JSONDecodeError, SpecError) as exc:
        st.error(T.IMPOR_RULES_BAD.format(reason=str(exc)))
        return None


def problem_downloads(problems: list[imp.Problem], file_name: str, key: str) -> None:
    """CSV and XLSX of the full problem list (the table on screen may be long; the file is complete)."""
    if not problems:
        return
    stem = file_name.rsplit(".", 1)[0]
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(T.IMPOR_PROBLEMS_CSV, data=lambda: problems_file(problems, "csv"),
                       file_name=f"masalah-{stem}.csv", mime="text/csv", on_click="ignore", key=f"{key}_csv")
    c2.download_button(T.IMPOR_PROBLEMS_XLSX, data=lambda: problems_file(problems, "xlsx"),
                       file_name=f"masalah-{stem}.xlsx", on_click="ignore", key=f"{key}_xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
