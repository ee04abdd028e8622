"""Small builders for tests: valid codes and IDs, units, servants, users with a role."""
import datetime
import itertools

from django.contrib.auth.models import Group
from stdnum.cn import ric, uscc

from accounts.models import User
from records import services
from records.models import CivilServant, Unit

_serial = itertools.count(1)
_people = itertools.count(0)


def make_uscc(serial: int | None = None, category: str = "11") -> str:
    serial = next(_serial) if serial is None else serial
    body = f"{category}370116MA{serial:07d}"
    return body + uscc.calc_check_digit(body)


def make_resident_id(index: int | None = None) -> str:
    index = next(_people) if index is None else index
    year, sequence = 1960 + index // 10, 990 + index % 10
    body = f"371202{year}0101{sequence}"
    return body + ric.calc_check_digit(body + "0")


def make_unit(name: str = "测试单位", kind: str = "department", **extra) -> Unit:
    return services.unit_create(actor=None, name=name, code=make_uscc(), kind=kind, **extra)


def make_servant(unit: Unit, name: str = "测试人员", **extra) -> CivilServant:
    extra.setdefault("start", datetime.date(2020, 1, 1))
    return services.servant_create(actor=None, unit=unit, name=name, id_number=make_resident_id(), **extra)


def make_bad_resident_id() -> str:
    good = make_resident_id()
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def make_user(username: str, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-1", **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
