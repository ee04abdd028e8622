"""Use cases of the commitments app; views, the API, the admin and tasks all call these."""
from .breaches import breach_record_kind, commitment_breach  # noqa: F401
from .commitments import (  # noqa: F401
    CLAUSE_9,
    COMMITMENT_FIELDS,
    commitment_change,
    commitment_conclude,
    commitment_create,
    commitment_publish,
    commitment_update,
    official_assign,
    official_on,
    reshuffle_words_in,
)
from .common import platform_payload, recompute_progress  # noqa: F401
from .milestones import (  # noqa: F401
    ALLOWED_EVIDENCE_TYPES,
    EvidenceTooLarge,
    evidence_attach,
    milestone_add,
    milestone_complete,
    milestones_mark_overdue,
)
