"""A Celery worker SIGKILLed at a known checkpoint inside the evaluation run: after a restart the work completes exactly once.

The checkpoint is ``integrity_portal.faults.fault_point``: the worker started with
``PORTAL_FAULT_POINT=<name>`` kills itself there with SIGKILL. The task was not acknowledged
(``acks_late``), so Redis hands it to the restarted worker once the (short, here) visibility
timeout passes; the run's row lock and status check (``run_execute``) make the second attempt
the only one that counts, and a kill inside the scores' transaction leaves nothing behind.
"""
import signal
import time

import pytest

from evaluation import services as evaluation
from evaluation.choices import RunStatus
from evaluation.models import IndicatorScore, Run, RunTransition, Score
from evaluation.services.runs import _evaluated_units
from evaluation.tasks import execute_run
from tests.integration.faults import (
    killed_at_checkpoint,
    report,
    start_worker,
    wait_for_redelivery_due,
    wait_for_restarted_worker,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.requires("postgresql", "redis-server"),
    pytest.mark.django_db(transaction=True),
]


def rows(run) -> dict[str, int]:
    return {"scores": Score.objects.filter(run=run).count(),
            "indicator_scores": IndicatorScore.objects.filter(score__run=run).count(),
            "finished": RunTransition.objects.filter(run=run, to_status=RunStatus.DRAFT).count()}


@pytest.mark.parametrize("checkpoint", ["evaluation.before_commit", "evaluation.inside_commit"])
def test_a_worker_killed_inside_the_evaluation_run_finishes_it_once_after_restart(
    checkpoint, cast, redis_server, celery_publisher, celery_worker_factory, monkeypatch, wait_until, capsys,
):
    evaluation.scheme_create_default(year=2025)
    run = evaluation.run_start(period="2025Q3", actor=cast.office)
    before = rows(run)
    doomed = start_worker(celery_worker_factory, redis_server.url, monkeypatch, fault=checkpoint)
    execute_run.delay(run.pk)

    killed_at_checkpoint(doomed, checkpoint, redis_server.url, wait_until)
    assert doomed.proc.returncode == -signal.SIGKILL, doomed.log()
    run.refresh_from_db()
    at_kill = rows(run)
    assert run.status == RunStatus.RUNNING and at_kill == before == {"scores": 0, "indicator_scores": 0, "finished": 0}

    waited = wait_for_redelivery_due(redis_server.url, wait_until)
    started = time.monotonic()
    restarted = start_worker(celery_worker_factory, redis_server.url, monkeypatch)
    startup = time.monotonic() - started
    finished = wait_for_restarted_worker(
        restarted, lambda: Run.objects.get(pk=run.pk).status == RunStatus.DRAFT, redis_server.url, wait_until,
        message="the restarted worker to finish the evaluation run the killed one held")
    run.refresh_from_db()
    after = rows(run)
    units = len(_evaluated_units())
    indicators = len(run.scheme_snapshot["indicators"])
    scores = Score.objects.filter(run=run)
    lost = (units - scores.values("unit").distinct().count()) + max(units * indicators - after["indicator_scores"], 0)
    duplicated = (max(after["scores"] - units, 0) + max(after["indicator_scores"] - units * indicators, 0)
                  + max(after["finished"] - 1, 0))
    report(capsys, f"SIGKILL at {checkpoint}", injected=1, scores_before=before["scores"],
           scores_at_kill=at_kill["scores"], scores_after=after["scores"], units=units, lost=lost,
           duplicated=duplicated, waited_for_redelivery_s=f"{waited:.1f}", restart_s=f"{startup:.1f}",
           redelivered_s=f"{finished:.1f}")
    assert (lost, duplicated) == (0, 0)
    assert after["finished"] == 1 and Run.objects.filter(period=run.period).count() == 1
