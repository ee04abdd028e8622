from .credit import (  # noqa: F401
    Attachment,
    CadreCheck,
    CreditRecord,
    CreditRecordVersion,
    FileAccess,
    RecordEvent,
    person_file_scope,
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
from .punishment import (  # noqa: F401
    CourtListEntry,
    CourtListImport,
    PunishmentNotice,
    RectificationAttachment,
    RectificationCase,
    RectificationCaseRecord,
    RectificationRule,
    RectificationTransition,
    RestrictionFlag,
    ZeroStatusRevision,
    ZeroStatusSnapshot,
)
from .reports import CreditCheckLog, CreditReport  # noqa: F401
