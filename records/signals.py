"""Signals other apps listen to.

``servant_transferred``: a civil servant moved to another unit (``services.servant_transfer``, also for each servant
of a unit that merges into another). Sent inside the transfer's transaction with ``servant`` (its unit already the
new one) and ``old_unit_id``; a receiver that keeps a copy of the servant's current unit updates it here, so the copy
commits or rolls back with the transfer.
"""
from django.dispatch import Signal

servant_transferred = Signal()
