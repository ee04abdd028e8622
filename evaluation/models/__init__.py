from .runs import (  # noqa: F401
    DemonstrationUnit,
    IndicatorScore,
    ReplyQuery,
    Run,
    RunTransition,
    Score,
    reads_all,
)
from .schemes import Indicator, InputBatch, InputValue, Period, Scheme  # noqa: F401
from .tasks import AssignmentTransition, TaskAssignment, TaskDocument, WorkTask  # noqa: F401
