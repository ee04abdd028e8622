from .credit import (  # noqa: F401
    Attachment,
    CadreCheck,
    CreditRecord,
    CreditRecordVersion,
    FileAccess,
    RecordEvent,
)
from .directory import (  # noqa: F401
    ALL_UNITS_ROLES,
    CivilServant,
    Posting,
    Unit,
    UnitHeadTerm,
    supervised_by,
)
from .imports import ImportJob, ImportStatus  # noqa: F401
