"""Use cases of the objections app: objections (clause 10) and credit repair (clause 11)."""
from .common import AttachmentTooLarge, records_subject_to  # noqa: F401
from .objections import (  # noqa: F401
    OBJECTION_CLOCK,
    answer_policy_choices,
    objection_clock_extend,
    objection_clock_pause,
    objection_clock_resume,
    objection_decide,
    objection_policy_key,
    objection_review,
    objection_set_period,
    objection_submit,
    objection_withdraw,
)
from .repairs import (  # noqa: F401
    RepairTooEarly,
    repair_apply,
    repair_apply_decision,
    repair_decide,
    repair_earliest_date,
    repair_minimum_months,
)
