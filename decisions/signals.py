"""Cache plumbing only: the version of the cached public 双公示 list (integrity_portal.pagecache, issue 18).

The list shows decisions (their subject's name as the decision names it), subjects' pages and the departments'
names. A draft is on no public page (imports create many). Publication, a new version, a revocation or repair
all save the decision, and bump the version at once and after commit; a publication window that closes by date
is covered by the day in the cache key.
"""
from django.db.models.signals import post_delete, post_save

from integrity_portal.pagecache import bump_public_version
from records.models import Unit

from .choices import DecisionStatus
from .models import Decision, Subject


def _changed(sender, instance, **kwargs):
    if sender is Decision and instance.status == DecisionStatus.DRAFT:
        return
    bump_public_version("decisions")


def _unit_renamed(sender, instance, **kwargs):
    bump_public_version("decisions")
    bump_public_version("disclosures")  # the disclosure list names units too


def connect() -> None:
    for model in (Decision, Subject):
        post_save.connect(_changed, sender=model, dispatch_uid=f"public_cache_{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public_cache_del_{model.__name__}")
    post_save.connect(_unit_renamed, sender=Unit, dispatch_uid="public_cache_decisions_Unit")
