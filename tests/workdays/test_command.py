from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


def test_add_prints_the_due_date():
    assert run("add", "2026-09-28", "10") == ("2026-10-16", "")


def test_add_flags_a_provisional_answer_on_stderr():
    assert run("add", "2031-01-01", "5") == ("2031-01-08", "provisional")


def test_check_prints_workday_or_holiday():
    assert run("check", "2026-10-10")[0] == "workday"
    assert run("check", "2026-10-01")[0] == "holiday"
    assert run("check", "2026-10-11")[0] == "holiday"


@pytest.mark.parametrize(
    "args, message",
    [(("add", "2026-13-01", "3"), "invalid date"), (("add", "2026-09-28", "-1"), "must not be negative"),
     (("add", "2026-09-28", "x"), "invalid number"), (("check", "tomorrow"), "invalid date")],
)
def test_bad_input_is_a_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
