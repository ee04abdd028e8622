"""双公示 decisions for the city credit platform: the ``decision-v1`` payload (docs/platform-schema/decision-v1.json).

One outbox row per (decision line, version, event), written in the transaction of the change, so a
retry never sends twice and the platform de-duplicates by the idempotency key. The id the platform
keys on is the decision's **first version** (``line_id``): a new version goes as ``corrected`` of
the same line, a revocation, repair or expiry as an update of it.
"""
from notifications.choices import Channel
from notifications.payloads import KEY_PREFIX, jsonable

DECISION_EVENTS = ("published", "corrected", "revoked", "repaired", "expired")


def line_id(decision) -> int:
    root = decision
    while root.previous_id:
        root = root.previous
    return root.pk


def decision_key(decision, event: str) -> str:
    return f"{KEY_PREFIX}decision:{line_id(decision)}:v{decision.version}:{event}"


def decision_data(decision) -> dict:
    """The current version with the standard's fields. The platform is authorised to receive ID numbers."""
    subject = decision.subject
    department = decision.department
    source = decision.source_unit or department
    return {
        "id": line_id(decision),
        "version": decision.version,
        "status": decision.status,
        "act": decision.act,
        "disclosed": bool(decision.disclosed),
        "subject": {
            "category": decision.subject_category, "name": decision.subject_name,
            "uscc": subject.uscc or None, "registration_number": subject.registration_number or None,
            "organisation_code": subject.organisation_code or None, "tax_number": subject.tax_number or None,
            "institution_number": subject.institution_number or None,
            "social_org_number": subject.social_org_number or None,
            "id_type": subject.id_type or None, "id_number": subject.id_number or None,
            "legal_representative": decision.legal_representative or None,
            "representative_id_type": decision.representative_id_type or None,
            "representative_id_number": decision.representative_id_number or None,
        },
        "document_name": decision.document_name or None,
        "document_number": decision.document_number,
        "decision_date": jsonable(decision.decision_date),
        "content": decision.content,
        "legal_basis": decision.legal_basis or None,
        "validity_status": decision.validity_status,
        "violation_type": decision.violation_type or None,
        "violation_facts": decision.violation_facts or None,
        "penalty_categories": list(decision.penalty_categories or []),
        "severity": decision.severity or None,
        "fine_amount": jsonable(decision.fine_amount),
        "confiscated_amount": jsonable(decision.confiscated_amount),
        "licence_suspended": decision.licence_suspended or None,
        "penalty_valid_until": jsonable(decision.penalty_valid_until),
        "licence_category": decision.licence_category or None,
        "certificate_name": decision.certificate_name or None,
        "certificate_number": decision.certificate_number or None,
        "valid_from": jsonable(decision.valid_from),
        "valid_to": jsonable(decision.valid_to),
        "publication_ends": jsonable(decision.publication_ends),
        "department": {"name": department.name, "code": department.code},
        "source_unit": {"name": source.name, "code": source.code},
        "note": decision.note or None,
        "published_at": jsonable(decision.published_at),
    }


def decision_payload(decision, event: str) -> dict:
    if event not in DECISION_EVENTS:
        raise ValueError(f"unknown decision event {event!r}")
    return {"type": "decision", "event": event, "data": decision_data(decision)}


def decision_share(decision, event: str):
    """Queue the event for the city platform (an outbox row in the caller's transaction)."""
    from notifications.services import outbox_enqueue

    return outbox_enqueue(key=decision_key(decision, event), channel=Channel.PLATFORM,
                          payload=decision_payload(decision, event))
