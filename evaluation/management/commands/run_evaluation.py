"""``python manage.py run_evaluation 2025`` or ``2025Q3``: the same service the beat job calls."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from evaluation.choices import RunTrigger
from evaluation.services import evaluation_run


class Command(BaseCommand):
    help = "Score every unit for a period (2025 or 2025Q3); each run is a new stored version."

    def add_arguments(self, parser):
        parser.add_argument("period", help="2025 (a year) or 2025Q3 (a quarter)")

    def handle(self, *args, period, **options):
        try:
            run = evaluation_run(period=period, trigger=RunTrigger.COMMAND)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        top = run.scores.order_by("rank", "unit_name").first()
        self.stdout.write(self.style.SUCCESS(
            f"{run.period.code} v{run.version}: {run.unit_count} units scored ({run.get_status_display()}), "
            f"reply window until {run.reply_until}; zero stock: {'yes' if run.zero_stock else 'no'} "
            f"({run.stock_count}), zero increment: {'yes' if run.zero_increment else 'no'} ({run.increment_count})"
            + (f"; first: {top.unit_name} {top.total}" if top else "")
        ))
        pending = run.zero_detail.get("pending_sources")
        if pending:
            self.stderr.write(f"source pending (not scored this run): {', '.join(pending)}")
