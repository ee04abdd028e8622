"""The baseline of the throughput measures: a bare Django view running one query and rendering a small template."""
from django.shortcuts import render

from commitments.models import Commitment


def baseline(request):
    rows = list(Commitment.objects.filter(publication_type="public").exclude(status="draft")
                .order_by("-id").values("id", "code", "title", "status")[:20])
    return render(request, "bench/baseline.html", {"rows": rows})
