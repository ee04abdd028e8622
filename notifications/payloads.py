"""What the city public credit platform receives (seed clause 4, 8): versioned JSON payloads.

An outbox row on the ``platform`` channel holds ``{"type", "event", "data"}``; the platform
handler (``notifications.platform``) wraps it in the envelope below when it sends it. Both
halves are described by the JSON Schemas in ``docs/platform-schema/`` (``record-v1.json``,
``commitment-v1.json``); ``docs/platform.md`` explains them.

A record's payload is its **current version only** — never its history, never its evidence,
never internal markers — with the fields of the provincial data standard the platform needs.
The platform is authorised to receive personal records, so a person's full ID number is sent
(the platform matches people by it); nothing else about the person is.

This module imports no other app: builders read the attributes of the objects they are given
(``notifications`` sits below ``records`` and ``commitments``; DESIGN.md §3).
"""
import datetime
import decimal
import json
from pathlib import Path

from django.conf import settings

from .choices import Channel

SCHEMA_VERSION = 1
SCHEMA_DIR = Path(settings.BASE_DIR) / "docs" / "platform-schema"
PAYLOAD_TYPES = ("record", "commitment", "decision")  # decision: built by decisions/sharing.py
RECORD_EVENTS = ("published", "corrected", "revoked", "repaired", "expired")
KEY_PREFIX = "platform:"


def schema_id(payload_type: str, version: int = SCHEMA_VERSION) -> str:
    """``record-v1``: the name of a payload's schema (and of its file in docs/platform-schema/)."""
    return f"{payload_type}-v{version}"


def load_schema(payload_type: str, version: int = SCHEMA_VERSION) -> dict:
    return json.loads((SCHEMA_DIR / f"{schema_id(payload_type, version)}.json").read_text(encoding="utf-8"))


def jsonable(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


# --- records ---------------------------------------------------------------------

def record_key(record, event: str) -> str:
    """One outbox row per cause: an event of a record at its version (a correction is a new version)."""
    return f"{KEY_PREFIX}record:{record.pk}:v{record.version}:{event}"


def _unit(unit) -> dict:
    return {"name": unit.name, "code": unit.code}


def record_subject(record) -> dict:
    if record.subject_type == "person":
        person = record.civil_servant
        return {"type": "person", "name": person.name, "id_type": "居民身份证", "id_number": person.id_number,
                "unit": _unit(person.unit)}
    return {"type": "unit", "name": record.subject_unit.name, "code": record.subject_unit.code,
            "category": record.subject_unit.get_kind_display()}


def record_data(record) -> dict:
    """The record as the platform receives it: the current version, data-standard fields only."""
    return {
        "id": record.pk,
        "version": record.version,
        "status": record.status,
        "kind": record.kind,
        "kind_label": str(record.get_kind_display()),
        "severity": record.severity or None,
        "sanction_type": record.sanction_type or None,
        "assessment_grade": record.assessment_grade or None,
        "subject": record_subject(record),
        "title": record.title,
        "facts": record.facts,
        "legal_basis": record.legal_basis,
        "decision_body": record.decision_body,
        "decision_number": record.decision_number,
        "decision_date": jsonable(record.decision_date),
        "act_start": jsonable(record.act_start),
        "act_end": jsonable(record.act_end),
        "window_start": jsonable(record.window_start),
        "window_end": jsonable(record.window_end),
        "effect_end": jsonable(record.effect_end),
        "published_at": jsonable(record.published_at),
        "provider": _unit(record.provider),
        "details": {k: jsonable(v) for k, v in (record.details or {}).items()},
    }


def record_payload(record, event: str) -> dict:
    if event not in RECORD_EVENTS:
        raise ValueError(f"unknown record event {event!r}")
    return {"type": "record", "event": event, "data": record_data(record)}


def record_share(record, event: str):
    """Queue a record's event for the city platform: an outbox row in the caller's transaction.

    Called by the record use cases (publish, correct, revoke, repair, expire). Only records that
    have been published are shared: a draft never leaves the portal.
    """
    from .services import outbox_enqueue

    return outbox_enqueue(key=record_key(record, event), channel=Channel.PLATFORM,
                          payload=record_payload(record, event))


# --- the envelope ----------------------------------------------------------------

def envelope(message) -> dict:
    """The HTTP body for one outbox row. Stable across retries: the same row always sends the same bytes."""
    payload = message.payload or {}
    payload_type = payload.get("type")
    if payload_type not in PAYLOAD_TYPES:
        raise ValueError(f"outbox {message.key}: unknown platform payload type {payload_type!r}")
    return {
        "schema": schema_id(payload_type),
        "schema_version": SCHEMA_VERSION,
        "idempotency_key": message.key,
        "source": {"name": settings.PORTAL_NAME, "district": settings.DISTRICT_NAME},
        "created_at": jsonable(message.created_at),
        "type": payload_type,
        "event": payload.get("event"),
        "data": payload.get("data"),
    }


def envelope_bytes(message) -> bytes:
    return json.dumps(envelope(message), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
