"""Use cases of the disputes app (seed clause 9): submit and route, handle, track, report."""
from .common import AttachmentTooLarge  # noqa: F401
from .handling import (  # noqa: F401
    breach_record_kind,
    clue_acknowledge,
    clue_conclude,
    clue_contact_reveal,
    clue_extend,
    clue_link_commitment,
    clue_note_add,
    may_see_contact,
)
from .intake import (  # noqa: F401
    ACKNOWLEDGE_CLOCK,
    CONCLUDE_CLOCK,
    RECEIPT_CODE_BYTES,
    clue_by_code,
    clue_refuse,
    clue_route,
    clue_submit,
    format_code,
    new_receipt_code,
    normalise_code,
    route_for,
)
from .referral import clue_not_ours  # noqa: F401
from .reports import (  # noqa: F401
    clearance_report_build,
    clearance_report_monthly,
    clearance_report_publish,
    clearance_report_xlsx,
    clearance_rows,
    previous_month,
)
from .retention import CONTACT_RETENTION_POLICY, clue_contact_erase_due, contacts_erase_expired  # noqa: F401
from .tracking import (  # noqa: F401
    can_rate,
    can_reopen,
    clue_add_info,
    clue_rate,
    reopen_decide,
    reopen_request,
    tracking_view,
)
