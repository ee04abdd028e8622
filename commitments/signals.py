"""Cache plumbing only: the versions of the cached public pages (integrity_portal.pagecache, issue 10).

``commitments``: the public list and unit pages show commitments, their progress (moved by milestones and
changes) and unit names and successions. ``disclosures``: the unit page lists the unit's open institutional
disclosures. A bulk ``update()`` sends no signal; the services that use one (progress recomputation) run
after a milestone or change is saved in the same transaction, whose bump is repeated after commit; the
rest (a disclosure window closing) waits at most ``PUBLIC_PAGE_CACHE_SECONDS``.
"""
from django.db.models.signals import post_delete, post_save

from integrity_portal.pagecache import bump_public_version
from records.choices import RecordStatus
from records.models import CreditRecord, Unit

from .choices import CommitmentStatus
from .models import Commitment, CommitmentChange, Milestone


def _commitments_changed(sender, instance, **kwargs):
    if sender is Commitment and instance.status == CommitmentStatus.DRAFT:
        return  # a draft is not on any public page (imports create many)
    bump_public_version("commitments")


def _record_changed(sender, instance, **kwargs):
    if instance.status == RecordStatus.DRAFT:
        return  # drafts are not public (imports create many)
    bump_public_version("disclosures")


def connect() -> None:
    for model in (Commitment, Milestone, CommitmentChange, Unit):
        post_save.connect(_commitments_changed, sender=model, dispatch_uid=f"public_cache_{model.__name__}")
        post_delete.connect(_commitments_changed, sender=model, dispatch_uid=f"public_cache_del_{model.__name__}")
    post_save.connect(_record_changed, sender=CreditRecord, dispatch_uid="public_cache_CreditRecord")
