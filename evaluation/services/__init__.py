"""Use cases of the evaluation app; views, API, admin, tasks and the command all call these."""
from .configuration import (  # noqa: F401
    indicator_delete,
    indicator_save,
    input_value_save,
    period_in_use,
    scheme_in_use,
    scheme_save,
)
from .demonstration import demonstration_candidates, demonstration_designate  # noqa: F401
from .inputs import ImportRejected, input_import, input_template  # noqa: F401
from .replies import query_answer, query_raise  # noqa: F401
from .runs import (  # noqa: F401
    evaluation_run,
    evaluation_run_scheduled,
    period_get_or_create,
    reply_window_end,
    run_execute,
    run_publish,
    run_start,
)
from .schemes import scheme_activate, scheme_check, scheme_create_default, scheme_snapshot  # noqa: F401
from .tasks import WORK_TASK_CLOCK, task_extend, task_issue, task_review, task_submit  # noqa: F401
