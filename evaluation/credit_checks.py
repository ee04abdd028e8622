"""What the evaluation adds to a unit's credit check (clause 5): its latest published grade."""
from django.utils import timezone

from records.models import Unit

from .models import Score


def latest_published_grade(unit: Unit) -> dict:
    score = (Score.objects.published().filter(unit=unit).select_related("run__period")
             .order_by("-run__period__end", "-run__published_at", "-run__version").first())
    if score is None:
        return {"latest_grade": None}
    run = score.run
    return {"latest_grade": {
        "period": run.period.code, "period_label": run.period.label, "grade": score.grade,
        "grade_label": str(score.get_grade_display()), "total": str(score.total),
        "published_on": timezone.localdate(run.published_at).isoformat() if run.published_at else None,
    }}
