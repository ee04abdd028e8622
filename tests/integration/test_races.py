"""Races on PostgreSQL: several threads (each its own database connection) attempt the same
transition at once through the real HTTP stack; exactly one wins, every other gets 409
(``TransitionNotAllowed``), and exactly one transition row is written.

The objection decision race with two deciders lives in tests/objections/test_api.py; here it
runs with more threads. The ledger's sealers race too: the chain never forks.
"""
import threading

import pytest
from django.db import connections
from rest_framework.test import APIClient

from accounts import ledger
from accounts.models import LedgerEntry
from disputes.models import ClueTransition
from evaluation.choices import RunStatus
from evaluation.models import Run, RunTransition
from objections import services as objections
from records import services as records
from records.models import RecordEvent
from tests.disputes.conftest import submit
from tests.evaluation.conftest import run as evaluation_run
from tests.integration.faults import report
from tests.objections.conftest import file_objection, published_penalty
from tests.records.test_record_lifecycle import penalty

pytestmark = [
    pytest.mark.integration,
    pytest.mark.requires("postgresql"),
    pytest.mark.django_db(transaction=True),
]

RACERS = 4


def race(attempt, users) -> list[int]:
    """Run ``attempt(client)`` in one thread per user, all released together; their status codes."""
    barrier, results, lock = threading.Barrier(len(users)), [], threading.Lock()

    def racer(user):
        try:
            client = APIClient()
            client.force_login(user)
            client.force_authenticate(user=user)
            barrier.wait(timeout=30)
            status = attempt(client).status_code
            with lock:
                results.append(status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=racer, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sorted(results)


def one_wins(results: list[int], ok: int = 200) -> bool:
    return results == [ok] + [409] * (len(results) - 1) or results == [409] * (len(results) - 1) + [ok]


def test_racing_publications_and_revocations_of_a_record(cast, capsys):
    draft = penalty(cast)
    published = race(lambda c: c.post(f"/api/v1/records/{draft.pk}/publish/", {}, format="json"),
                     [cast.clerk_a, cast.head_a] * (RACERS // 2))
    assert one_wins(published), published
    assert RecordEvent.objects.filter(record=draft, action="publish").count() == 1

    revoked = race(lambda c: c.post(f"/api/v1/records/{draft.pk}/revoke/", {"reason": "并发撤销"}, format="json"),
                   [cast.clerk_a, cast.head_a] * (RACERS // 2))
    assert one_wins(revoked), revoked
    assert RecordEvent.objects.filter(record=draft, action="revoke").count() == 1
    report(capsys, "RACES record publish/revoke", races=2, racers=RACERS, winners=2)


def test_racing_objection_decisions_with_more_deciders(cast, capsys):
    record = published_penalty(cast)
    objection = file_objection(record, cast.clerk_b)
    objections.objection_review(objection=objection, actor=cast.clerk_a)

    def decide(client):
        return client.post(f"/api/v1/objections/{objection.pk}/decide/",
                           {"outcome": "rejected", "reason": "并发答复"}, format="json")

    results = race(decide, [cast.clerk_a, cast.head_a] * (RACERS // 2))
    assert one_wins(results), results
    assert objection.transitions.filter(to_state__in=["upheld", "partly_upheld", "rejected"]).count() == 1
    report(capsys, "RACES objection decision", races=1, racers=RACERS, winners=1)


def test_racing_clue_routing(cast, capsys):
    clue, _code = submit(cast)
    office_users = [cast.office]
    for n in range(RACERS - 1):
        extra = type(cast.office).objects.create_user(username=f"office-{n}", password="x")
        extra.groups.set(cast.office.groups.all())
        office_users.append(extra)
    before = ClueTransition.objects.filter(clue=clue).count()

    results = race(lambda c: c.post(f"/api/v1/disputes/clues/{clue.pk}/route/", {"unit": cast.unit_b.pk},
                                    format="json"), office_users)
    assert one_wins(results), results
    assert ClueTransition.objects.filter(clue=clue).count() == before + 1
    assert clue.assignments.filter(unit=cast.unit_b).count() == 1
    report(capsys, "RACES clue routing", races=1, racers=RACERS, winners=1)


def test_racing_evaluation_publications(cast, capsys):
    from evaluation import services as evaluation

    evaluation.scheme_create_default(year=2025)
    draft = evaluation_run()
    assert draft.status == RunStatus.DRAFT
    office_users = [cast.office]
    for n in range(RACERS - 1):
        extra = type(cast.office).objects.create_user(username=f"office-e{n}", password="x")
        extra.groups.set(cast.office.groups.all())
        office_users.append(extra)

    results = race(lambda c: c.post(f"/workspace/evaluation/runs/{draft.pk}/publish/"), office_users)
    assert one_wins(results, ok=302), results
    assert Run.objects.get(pk=draft.pk).status == RunStatus.PUBLISHED
    assert RunTransition.objects.filter(run=draft, to_status=RunStatus.PUBLISHED).count() == 1
    report(capsys, "RACES evaluation publish", races=1, racers=RACERS, winners=1)


def test_racing_ledger_sealers_never_fork_the_chain(cast, capsys):
    for n in range(5):
        records.record_publish(record=penalty(cast, decision_number=f"莱市监罚〔2026〕{n + 40}号"), actor=cast.clerk_a)
    barrier, added = threading.Barrier(RACERS), []

    def sealer():
        try:
            barrier.wait(timeout=30)
            added.append(ledger.ledger_seal_all())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sealer) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(added) == LedgerEntry.objects.count() > 0
    assert ledger.ledger_verify(heads=[]).ok
    report(capsys, "RACES ledger sealers", races=1, racers=RACERS, entries=sum(added))
