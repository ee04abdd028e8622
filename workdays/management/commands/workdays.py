"""``manage.py workdays add YYYY-MM-DD N`` and ``manage.py workdays check YYYY-MM-DD``."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from workdays.calendar import get_calendar


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"invalid date {value!r}: expected YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "Working-day arithmetic on the official calendar (start day not counted, last day inclusive)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="print the date N working days after DATE")
        add.add_argument("date")
        add.add_argument("days")
        check = sub.add_parser("check", help="print 'workday' or 'holiday'")
        check.add_argument("date")

    def handle(self, *args, **options):
        day = parse_date(options["date"])
        calendar = get_calendar()
        if options["action"] == "check":
            self.stdout.write("workday" if calendar.is_workday(day) else "holiday")
            if calendar.is_provisional(day, day):
                self.stderr.write("provisional")
            return
        try:
            days = int(options["days"])
        except ValueError:
            raise CommandError(f"invalid number of working days {options['days']!r}: expected an integer") from None
        if days < 0:
            raise CommandError(f"invalid number of working days {days}: must not be negative")
        try:
            result = calendar.add_working_days(day, days)
        except (OverflowError, ValueError) as exc:
            raise CommandError(f"cannot add {days} working days to {day}: {exc}") from None
        self.stdout.write(result.date.isoformat())
        if result.provisional:
            self.stderr.write("provisional")
