"""Writing incidents by hand: report, edit with history, soft delete with a reason, restore a version.

Every write checks ``Permission.REPORT_INCIDENT``, that the incident's region lies in
the caller's scope and that its sensitivity is within the caller's clearance (a user
must not write what they could not read back); every write is audited in the same
transaction. The previous state is stored in ``incident_versions`` before each
change, so nothing typed into the system is ever lost.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select, update

from data_access import audit
from data_access.models import Incident, IncidentVersion, Region
from domain.access import Permission, Principal
from domain.period import EARLIEST_DATE
from domain.taxonomy import taxonomy

I = Incident.__table__
V = IncidentVersion.__table__
EDITABLE = (
    "occurred_on", "occurred_time", "reported_on", "kabkota_code", "kecamatan_code", "lat", "lon", "category",
    "arena", "severity", "deaths", "injuries", "displaced", "actors", "description", "source", "source_ref",
    "verification", "sensitivity", "handling_status",
)
VOCABULARY = {"category": "category", "arena": "arena", "severity": "severity", "source": "source",
              "verification": "verification", "sensitivity": "sensitivity", "handling_status": "handling_status"}
REQUIRED = ("occurred_on", "kabkota_code", "category", "arena", "severity", "source")
RESTRICTED = ("description", "actors", "source", "source_ref")
MIN_DATE = EARLIEST_DATE  # historic records (public datasets since 1989, older archives) are accepted


class WriteDenied(PermissionError):
    """The caller may not make this write (permission, region scope or clearance)."""


class IncidentInvalid(ValueError):
    """The incident data is not acceptable; ``problems`` maps field → Bahasa Indonesia reason."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def _require(principal: Principal) -> None:
    if not principal.can(Permission.REPORT_INCIDENT):
        raise WriteDenied("Anda tidak berhak melaporkan atau mengubah insiden.")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime, time)) else value


def _from_json(column: str, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    python_type = I.c[column].type.python_type
    if python_type is date:
        return date.fromisoformat(value[:10])
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    return value


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def validate(conn: Connection, principal: Principal, data: dict[str, Any], *, today: date | None = None
             ) -> dict[str, Any]:
    """Checked, normalised values for an incident; raises :class:`IncidentInvalid` or :class:`WriteDenied`."""
    today = today or date.today()
    problems: dict[str, str] = {}
    values = {k: data.get(k) for k in EDITABLE if k in data}
    for name in REQUIRED:
        if values.get(name) in (None, ""):
            problems[name] = "Wajib diisi."
    for name, vocabulary in VOCABULARY.items():
        value = values.get(name)
        if value not in (None, "") and value not in taxonomy().codes(vocabulary):
            problems[name] = "Nilai tidak dikenal."
    for name in ("occurred_on", "reported_on"):
        value = values.get(name)
        if isinstance(value, datetime):
            value = values[name] = value.date()
        if value is not None and not isinstance(value, date):
            problems[name] = "Tanggal tidak sah."
        elif value is not None and value > today:
            problems[name] = "Tanggal tidak boleh di masa depan."
        elif value is not None and value < MIN_DATE:
            problems[name] = f"Tanggal sebelum {MIN_DATE:%d/%m/%Y} tidak diterima; periksa tahunnya."
    if values.get("occurred_on") and "reported_on" in values and values.get("reported_on") is None:
        values["reported_on"] = values["occurred_on"]
    if (isinstance(values.get("reported_on"), date) and isinstance(values.get("occurred_on"), date)
            and values["reported_on"] < values["occurred_on"]):
        problems["reported_on"] = "Tanggal lapor lebih awal dari tanggal kejadian."
    for name in ("deaths", "injuries", "displaced"):
        value = values.get(name)
        if value is None:
            values[name] = 0
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 100_000:
            problems[name] = "Harus bilangan bulat 0 sampai 100.000."
    lat, lon = values.get("lat"), values.get("lon")
    if (lat is None) != (lon is None) and ("lat" in values or "lon" in values):
        problems["lat"] = "Lintang dan bujur diisi keduanya atau tidak sama sekali."
    elif lat is not None and not (-11.5 <= float(lat) <= 6.5 and 94.5 <= float(lon) <= 141.5):
        problems["lat"] = "Koordinat di luar wilayah Indonesia."
    for name, limit in (("description", 10000), ("actors", 2000), ("source_ref", 120)):
        value = values.get(name)
        if isinstance(value, str) and len(value) > limit:
            problems[name] = f"Terlalu panjang (batas {limit} karakter)."
    kab = values.get("kabkota_code")
    if kab:
        level = conn.execute(select(Region.level).where(Region.code == kab)).scalar_one_or_none()
        if level not in ("kabupaten", "kota"):
            problems["kabkota_code"] = "Kabupaten/kota tidak dikenal."
        elif not principal.scope.contains(kab):
            raise WriteDenied(f"Wilayah {kab} di luar cakupan Anda.")
        values["province_code"] = kab.split(".")[0]
        kec = values.get("kecamatan_code")
        if kec:
            parent = conn.execute(select(Region.parent_code).where(Region.code == kec,
                                                                   Region.level == "kecamatan")).scalar_one_or_none()
            if parent != kab:
                problems["kecamatan_code"] = "Kecamatan tidak berada di kabupaten/kota ini."
    sensitivity = values.get("sensitivity")
    if sensitivity and sensitivity in taxonomy().codes("sensitivity") and \
            sensitivity not in principal.readable_sensitivities:
        raise WriteDenied("Sensitivitas melebihi izin akses Anda.")
    for name in ("description", "actors", "source_ref"):
        if isinstance(values.get(name), str):
            values[name] = values[name].strip() or (None if name != "description" else "")
    if problems:
        raise IncidentInvalid(problems)
    return values


def create_incident(conn: Connection, principal: Principal, data: dict[str, Any], *,
                    today: date | None = None) -> int:
    """Report a new incident (in the caller's transaction); returns its id."""
    _require(principal)
    values = validate(conn, principal, {"arena": "nyata", "verification": "belum", "sensitivity": "umum",
                                        "handling_status": "baru", **data}, today=today)
    values.setdefault("reported_on", values["occurred_on"])
    values.setdefault("description", "")
    incident_id = conn.execute(insert(I).values(**values, version=1, created_by=principal.username,
                                                created_at=_now())).inserted_primary_key[0]
    audit.record(conn, principal, "incident_create", f"insiden #{incident_id}",
                 {"incident_id": incident_id, "kabkota_code": values["kabkota_code"]})
    return int(incident_id)


def _load_for_write(conn: Connection, principal: Principal, incident_id: int) -> dict[str, Any]:
    row = conn.execute(select(I).where(I.c.id == incident_id)).mappings().one_or_none()
    if row is None or not principal.scope.contains(row["kabkota_code"]):
        raise WriteDenied("Insiden tidak ditemukan atau di luar cakupan Anda.")
    if row["sensitivity"] not in principal.readable_sensitivities:
        raise WriteDenied("Insiden ini bersensitivitas di atas izin akses Anda.")
    return dict(row)


def _snapshot(conn: Connection, principal: Principal, row: dict[str, Any], kind: str, now: datetime) -> None:
    conn.execute(insert(V).values(incident_id=row["id"], version=row["version"], change_kind=kind,
                                  data={c: _jsonable(v) for c, v in row.items()}, changed_by=principal.username,
                                  changed_at=now))


def edit_incident(conn: Connection, principal: Principal, incident_id: int, changes: dict[str, Any], *,
                  today: date | None = None) -> int:
    """Change an incident, keeping its previous state as a version; returns the new version number.

    Changing nothing writes nothing (and returns the current version).
    """
    _require(principal)
    row = _load_for_write(conn, principal, incident_id)
    merged = {c: row[c] for c in EDITABLE}
    merged.update({k: v for k, v in changes.items() if k in EDITABLE})
    values = validate(conn, principal, merged, today=today)
    diff = {c: v for c, v in values.items() if row.get(c) != v}
    if not diff:
        return int(row["version"])
    now = _now()
    _snapshot(conn, principal, row, "edit", now)
    version = row["version"] + 1
    conn.execute(update(I).where(I.c.id == incident_id).values(**diff, version=version,
                                                               updated_by=principal.username, updated_at=now))
    audit.record(conn, principal, "incident_edit", f"insiden #{incident_id}",
                 {"incident_id": incident_id, "fields": sorted(diff), "version": version})
    return int(version)


def delete_incident(conn: Connection, principal: Principal, incident_id: int, reason: str) -> None:
    """Soft delete: the row stays (with who, when and why) and can be restored from its history."""
    _require(principal)
    reason = (reason or "").strip()
    if not reason:
        raise IncidentInvalid({"delete_reason": "Alasan penghapusan wajib diisi."})
    row = _load_for_write(conn, principal, incident_id)
    if row["deleted_at"] is not None:
        raise IncidentInvalid({"delete_reason": "Insiden ini sudah dihapus."})
    now = _now()
    _snapshot(conn, principal, row, "delete", now)
    conn.execute(update(I).where(I.c.id == incident_id).values(
        deleted_at=now, deleted_by=principal.username, delete_reason=reason[:2000], version=row["version"] + 1,
        updated_by=principal.username, updated_at=now))
    audit.record(conn, principal, "incident_delete", f"insiden #{incident_id}",
                 {"incident_id": incident_id, "reason": reason[:500]})


def restore_version(conn: Connection, principal: Principal, incident_id: int, version: int) -> int:
    """Bring back the state an incident had at ``version`` (including undeleting it); returns the new version."""
    _require(principal)
    row = _load_for_write(conn, principal, incident_id)
    stored = conn.execute(select(V.c.data).where(V.c.incident_id == incident_id, V.c.version == version)
                          .order_by(V.c.id.desc()).limit(1)).scalar_one_or_none()
    if stored is None:
        raise IncidentInvalid({"version": f"Versi {version} tidak ada."})
    old = {c: _from_json(c, stored.get(c)) for c in (*EDITABLE, "deleted_at", "deleted_by", "delete_reason")}
    if not principal.scope.contains(old["kabkota_code"]) or old["sensitivity"] not in principal.readable_sensitivities:
        raise WriteDenied("Versi itu berada di luar cakupan atau izin akses Anda.")
    now = _now()
    _snapshot(conn, principal, row, "restore", now)
    new_version = row["version"] + 1
    conn.execute(update(I).where(I.c.id == incident_id).values(
        **old, province_code=old["kabkota_code"].split(".")[0], version=new_version,
        updated_by=principal.username, updated_at=now))
    audit.record(conn, principal, "incident_restore", f"insiden #{incident_id}",
                 {"incident_id": incident_id, "restored_version": version, "version": new_version})
    return int(new_version)


def incident_history(conn: Connection, principal: Principal, incident_id: int) -> pd.DataFrame:
    """Previous versions (newest first): version, change kind, who, when and the stored fields.

    Empty when the incident is outside the caller's scope; restricted fields of versions
    above the caller's clearance are masked.
    """
    kab = conn.execute(select(I.c.kabkota_code).where(I.c.id == incident_id)).scalar_one_or_none()
    if kab is None or not principal.scope.contains(kab):
        return pd.DataFrame(columns=["version", "change_kind", "changed_by", "changed_at", *EDITABLE])
    rows = conn.execute(select(V.c.version, V.c.change_kind, V.c.changed_by, V.c.changed_at, V.c.data)
                        .where(V.c.incident_id == incident_id).order_by(V.c.id.desc())).all()
    records = []
    for version, kind, by, at, data in rows:
        record = {"version": version, "change_kind": kind, "changed_by": by, "changed_at": at}
        readable = data.get("sensitivity") in principal.readable_sensitivities
        for column in EDITABLE:
            value = data.get(column)
            record[column] = value if readable or column not in RESTRICTED else None
        record["deleted"] = data.get("deleted_at") is not None
        records.append(record)
    return pd.DataFrame(records, columns=["version", "change_kind", "changed_by", "changed_at", *EDITABLE, "deleted"])


def incident_for_edit(conn: Connection, principal: Principal, incident_id: int) -> dict[str, Any] | None:
    """The full incident for the edit form, or None when the caller may not edit it."""
    try:
        return _load_for_write(conn, principal, incident_id) if principal.can(Permission.REPORT_INCIDENT) else None
    except WriteDenied:
        return None
