"""Demo credit records: a realistic spread, fictional throughout. Used by the project-level ``seed_demo``."""
import datetime

from records import services
from records.models import CivilServant, CreditRecord, Unit

PENALTY = {"subject_category": "法人及非法人组织", "violation_type": "违反《中华人民共和国政府采购法》",
           "penalty_category": "罚款", "penalty_content": "罚款人民币贰万元", "fine_amount": "2",
           "source_unit": "区财政局"}


def seed_records(*, units: dict[str, Unit], clerk, clerk2, office) -> int:
    """Create the demo records once (keyed by decision number); returns how many were created."""
    market, town = units["区市场监督管理局"], units["凤城街道办事处"]
    finance, approval = units["区财政局"], units["区行政审批服务局"]
    servant = clerk.unit and CivilServant.objects.filter(unit=market).order_by("pk").first()
    colleague = CivilServant.objects.filter(unit=market).order_by("pk")[1]
    town_person = CivilServant.objects.filter(unit=town).order_by("pk").first()
    d = datetime.date
    specs = [
        # (decision_number, provider, actor, publish, fields)
        ("莱纪政处〔2026〕7号", market, clerk, True, dict(
            subject_type="person", civil_servant=servant, kind="government_sanction", severity="general",
            sanction_type="demerit", title="违反工作纪律，贻误工作", decision_date=d(2026, 5, 15),
            decision_body="区纪委监委", legal_basis="《中华人民共和国公职人员政务处分法》第三十九条",
            details={"sanction_body": "区纪委监委"})),
        ("莱考〔2026〕1号", market, clerk, True, dict(
            subject_type="person", civil_servant=servant, kind="annual_assessment", assessment_grade="competent",
            title="2025年度公务员考核", decision_date=d(2026, 1, 20), details={"assessment_year": 2025})),
        ("莱培〔2026〕3号", market, clerk, True, dict(
            subject_type="person", civil_servant=servant, kind="integrity_training", title="公务员诚信教育专题培训",
            decision_date=d(2026, 4, 10), details={"training_name": "政务诚信专题培训", "training_type": "在职培训",
                                                   "hours": "8", "organiser": "区委组织部"})),
        ("莱问〔2026〕2号", market, clerk, True, dict(
            subject_type="person", civil_servant=servant, kind="accountability", severity="minor",
            title="行政审批超时限问责", decision_date=d(2026, 3, 12), details={"accountability_form": "诫勉"})),
        ("莱纪党处〔2024〕11号", market, clerk, True, dict(
            subject_type="person", civil_servant=colleague, kind="party_sanction", severity="general",
            sanction_type="party_warning", title="违反中央八项规定精神", decision_date=d(2024, 11, 5),
            details={"sanction_body": "区纪委"})),
        ("莱市监罚〔2026〕18号", market, clerk, True, dict(
            subject_type="unit", subject_unit=town, kind="administrative_penalty", severity="general",
            title="未按规定公示收费标准", decision_date=d(2026, 6, 8), legal_basis="《中华人民共和国价格法》第四十二条",
            decision_body="区市场监督管理局", details={**PENALTY, "source_unit": "区市场监督管理局"})),
        ("莱市监罚〔2023〕5号", market, clerk, True, dict(
            subject_type="unit", subject_unit=approval, kind="administrative_penalty", severity="general",
            title="未按规定办理许可（已过公示期）", decision_date=d(2023, 2, 1), decision_body="区市场监督管理局",
            details={**PENALTY, "source_unit": "区市场监督管理局"})),
        ("莱财采罚〔2026〕2号", finance, None, False, dict(
            subject_type="unit", subject_unit=town, kind="procurement", severity="general",
            title="政府采购合同未按约定支付（草稿）", decision_date=d(2026, 10, 20), details={"project_name": "办公设备采购"})),
        ("莱审批许〔2026〕66号", approval, None, True, dict(
            subject_type="unit", subject_unit=town, kind="administrative_licence", title="公共场所卫生许可",
            decision_date=d(2026, 7, 1), decision_body="区行政审批服务局",
            details={"subject_category": "法人及非法人组织", "document_name": "公共场所卫生许可决定书",
                     "licence_category": "普通", "licence_content": "准予公共场所卫生许可",
                     "valid_from": "2026-07-01", "valid_to": "2030-06-30", "certificate_name": "卫生许可证",
                     "certificate_number": "莱卫公字〔2026〕第0066号"})),
        ("（2025）鲁1203执1234号", office.unit, office, True, dict(
            subject_type="unit", subject_unit=units["苗山镇人民政府"], kind="judgment_defaulter", severity="serious",
            title="未履行生效判决确定的工程款给付义务", decision_date=d(2025, 12, 1), decision_body="莱芜区人民法院",
            details={"enforcement_basis_body": "济南市莱芜区人民法院", "enforcement_basis_number": "（2025）鲁0116民初888号",
                     "case_number": "（2025）鲁1203执1234号", "filing_date": "2025-10-09", "court": "济南市莱芜区人民法院",
                     "obligation": "支付工程款人民币86万元", "performance": "部分履行",
                     "dishonest_conduct": "有履行能力而拒不履行生效法律文书确定义务", "publication_date": "2025-12-01"})),
        ("莱纪政处〔2026〕4号", town, clerk2, True, dict(
            subject_type="person", civil_servant=town_person, kind="government_sanction", severity="general",
            sanction_type="warning", title="违规发放补贴", decision_date=d(2026, 2, 2),
            details={"sanction_body": "区纪委监委"})),
    ]
    created = 0
    for number, provider, actor, publish, fields in specs:
        if CreditRecord.objects.filter(decision_number=number, provider=provider).exists():
            continue
        record = services.record_create(actor=actor, provider=provider, decision_number=number, **fields)
        if publish:
            # Published a few days after the decision, as a diligent unit would.
            services.record_publish(record=record, actor=actor, today=record.decision_date + datetime.timedelta(days=3))
        created += 1
    # A corrected record (two versions): the town penalty's amount was entered wrong.
    town_penalty = CreditRecord.objects.get(decision_number="莱市监罚〔2026〕18号", provider=market)
    if town_penalty.version == 1:
        services.record_correct(record=town_penalty, actor=clerk, reason="罚款金额录入错误，按决定书更正",
                                details={**town_penalty.details, "fine_amount": "1.5",
                                         "penalty_content": "罚款人民币壹万伍仟元"})
    services.records_expire()
    return created
