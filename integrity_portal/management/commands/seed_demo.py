"""Load the fictional demo district and the demo users. Safe to run again."""
import random

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.choices import Role
from accounts.models import User
from commitments.demo import seed_commitments
from decisions.demo import seed_decisions
from decisions.models import Decision
from disputes.demo import seed_disputes
from evaluation.demo import seed_evaluation
from notifications.platform import demo_outbox
from objections.demo import seed_objections
from records import demo, services
from records.demo_punishment import seed_punishment
from records.demo_records import seed_records
from records.models import CivilServant, CreditRecord, Unit, UnitHeadTerm

SERVANTS_PER_UNIT = 9


class Command(BaseCommand):
    help = "Idempotently load the demo district (units, civil servants) and the demo users."

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="password for every demo user")

    @transaction.atomic
    def handle(self, *args, password, **options):
        units = self.units()
        servants = self.servants(units)
        self.users(units, servants, password)
        users = {u.username: u for u in User.objects.filter(username__in=["clerk", "clerk2", "office", "leader"])}
        seed_records(units=units, clerk=users["clerk"], clerk2=users["clerk2"], office=users["office"])
        seed_commitments(units=units, users=users)
        seed_disputes(units=units, users=users)
        seed_objections(provider=units["区市场监督管理局"], target=units["凤城街道办事处"], clerk=users["clerk"],
                        clerk2=users["clerk2"], servant_user=User.objects.get(username="servant"),
                        office=users["office"])
        seed_punishment(units=units, clerk=users["clerk"], clerk2=users["clerk2"], office=users["office"])
        demo_outbox()
        seed_evaluation(units=units, users=users)
        decision_clerks = {u.unit_id: u for u in User.objects.filter(username__in=["clerk", "clerk3", "clerk4"])}
        seed_decisions(units=units, clerk_for=lambda unit: decision_clerks[unit.pk], office=users["office"])
        self.stdout.write(self.style.SUCCESS(
            f"demo district ready: {Unit.objects.count()} units, {CivilServant.objects.count()} civil servants, "
            f"{CreditRecord.objects.count()} credit records, {Decision.objects.count()} 双公示 decisions, "
            f"users admin/office/clerk/clerk2/clerk3/clerk4/servant/servant2/leader/supervisor/cadre/apiclient"
        ))

    def units(self) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        serial = 1
        roles = {}
        for name, kind, role in demo.DEPARTMENTS:
            units[name] = self.unit(name, kind, serial)
            roles[role] = units[name]
            serial += 1
        for name, kind in demo.TOWNS:
            units[name] = self.unit(name, kind, serial)
            serial += 1
        for name, kind, superior in demo.INSTITUTIONS:
            units[name] = self.unit(name, kind, serial, superior=units[superior])
            serial += 1
        government = roles["government"]
        for unit in units.values():
            changed = False
            if unit.discipline_unit_id is None and unit != roles["discipline"]:
                unit.discipline_unit = roles["discipline"]
                changed = True
            if unit.audit_unit_id is None and unit != roles["audit"]:
                unit.audit_unit = roles["audit"]
                changed = True
            if unit.superior_id is None and unit != government and unit.kind != "institution":
                unit.superior = government
                changed = True
            if changed:
                unit.save(update_fields=["discipline_unit", "audit_unit", "superior"])
        self.roles = roles
        return units

    def unit(self, name, kind, serial, superior=None) -> Unit:
        code = demo.unit_code(serial, kind)
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = services.unit_create(actor=None, name=name, code=code, kind=kind, superior=superior,
                                        phone=f"0634-{6200000 + serial}")
        if not UnitHeadTerm.objects.filter(unit=unit).exists():
            head_name = demo.demo_people(1, seed=serial * 7919)[0][0]
            services.unit_head_appoint(unit=unit, person_name=head_name, title="主要负责人",
                                       start=demo.HEAD_START, actor=None)
        return unit

    def servants(self, units: dict[str, Unit]) -> list[CivilServant]:
        rng = random.Random(42)
        ordered = list(units.values())
        people = demo.demo_people(len(ordered) * SERVANTS_PER_UNIT)
        existing = set(CivilServant.objects.values_list("id_number", flat=True))
        result = []
        for index, (name, id_number) in enumerate(people):
            unit = ordered[index // SERVANTS_PER_UNIT]
            if id_number in existing:
                continue
            result.append(services.servant_create(
                actor=None, unit=unit, name=name, id_number=id_number, post=rng.choice(demo.POSTS),
                rank=rng.choice(demo.RANKS), start=demo.HEAD_START,
            ))
        return list(CivilServant.objects.order_by("pk"))

    def users(self, units, servants, password):
        market = units["区市场监督管理局"]
        town = units["凤城街道办事处"]
        servant_a = CivilServant.objects.filter(unit=market).order_by("pk").first()
        servant_b = CivilServant.objects.filter(unit=town).order_by("pk").first()
        spec = [
            ("admin", "系统管理员", None, {"unit": None, "is_staff": True, "is_superuser": True}),
            ("office", "区信用办 王主任", Role.CREDIT_OFFICE, {"unit": self.roles["office"], "is_staff": True}),
            ("clerk", "市场监管局 经办人", Role.CLERK, {"unit": market, "is_unit_head": True}),
            ("clerk2", "凤城街道 经办人", Role.CLERK, {"unit": town}),
            ("clerk3", "行政审批服务局 经办人", Role.CLERK, {"unit": units["区行政审批服务局"]}),
            ("clerk4", "综合行政执法局 经办人", Role.CLERK, {"unit": units["区综合行政执法局"]}),
            ("servant", servant_a.name, Role.CIVIL_SERVANT, {"civil_servant": servant_a}),
            ("servant2", servant_b.name, Role.CIVIL_SERVANT, {"civil_servant": servant_b}),
            ("leader", "区领导", Role.LEADER, {}),
            ("supervisor", "区纪委监委 监督员", Role.SUPERVISOR, {"unit": self.roles["discipline"]}),
            ("cadre", "区委组织部 审查员", Role.CADRE_REVIEWER, {}),
            ("apiclient", "公共资源交易系统", Role.API_CLIENT, {}),
        ]
        for username, full_name, role, extra in spec:
            user, _ = User.objects.get_or_create(username=username)
            user.full_name = full_name
            user.email = f"{username}@demo.invalid"
            for key, value in extra.items():
                setattr(user, key, value)
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
            if role:
                user.groups.set([Group.objects.get(name=role)])
