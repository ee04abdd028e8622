"""Credit reports (信用报告, seed clause 5): what a report says, who may have one, issuing, the PDF.

- A **civil servant's** report goes to the person, their unit's authorised staff (clerks), the
  credit office and a cadre reviewer with an open check — the same people who may read the file
  (``CreditRecord.objects.visible_to``); every read by someone other than the person is logged
  (``log_personal_views(channel="report")``). The ID number is masked in the report itself.
- A **unit's** report is for anyone and holds institutional public data only
  (``CreditRecord.objects.public()``: penalties, licences and judgment-defaulter listings in their window).

Issuing freezes the content, its SHA-256 and a random verification code (100 bits) in a
``CreditReport``; the HTML page and the PDF are both drawn from that frozen content, so what
``/verify/<code>/`` confirms is exactly what was issued. The PDF uses the standard CID font
``STSong-Light`` (Adobe-GB1): no font file is embedded or needed and every PDF reader renders it,
and the text layer holds the Chinese text.
"""
import datetime
import html
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role

from . import effects
from .choices import ENTRY_KINDS, RecordStatus, SubjectType
from .fieldsets import shown_detail, specs_for
from .models import CadreCheck, CivilServant, CreditRecord, CreditReport, Unit
from .models.credit import SHOWN
from .models.reports import content_digest, new_verification_code, normalize_code
from .selectors import log_personal_views

REPORT_ROLES = (Role.CIVIL_SERVANT, Role.CLERK, Role.CREDIT_OFFICE, Role.CADRE_REVIEWER)
PDF_FONT = "STSong-Light"


# --- who may have a civil servant's report ------------------------------------------

def reportable_servants(user):
    """The civil servants whose report ``user`` may have: self, own unit (clerk), all (office), open checks."""
    if not user or not user.is_authenticated:
        return CivilServant.objects.none()
    if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
        return CivilServant.objects.all()
    scope = Q(pk__in=[])
    if user.civil_servant_id and user.has_role(Role.CIVIL_SERVANT):
        scope |= Q(pk=user.civil_servant_id)
    if user.unit_id and user.has_role(Role.CLERK):
        scope |= Q(unit_id=user.unit_id)
    if user.has_role(Role.CADRE_REVIEWER):
        open_checks = CadreCheck.objects.filter(reviewer=user, expires_at__gt=timezone.now())
        scope |= Q(pk__in=open_checks.values("civil_servant_id"))
    return CivilServant.objects.filter(scope)


def servant_records(*, user, servant):
    """The person's records the user may read (never drafts), for the report."""
    return (CreditRecord.objects.visible_to(user).filter(civil_servant=servant, status__in=SHOWN)
            .select_related("provider").order_by("-decision_date", "-id"))


def log_report_view(*, viewer, servant) -> int:
    """Log a report read by anyone but the person (province art. 21); one row per read."""
    stand_in = CreditRecord(subject_type=SubjectType.PERSON, civil_servant_id=servant.pk)
    return log_personal_views(viewer=viewer, records=[stand_in], channel="report")


# --- content ----------------------------------------------------------------------------

def _date(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else ""


def _detail_rows(record: CreditRecord) -> list[list[str]]:
    details = record.details or {}
    return [[str(spec.label), str(shown_detail(spec, details[spec.name]))] for spec in specs_for(record.kind)
            if details.get(spec.name) not in (None, "")]


def _record_row(record: CreditRecord, *, with_details: bool = False) -> dict:
    row = {
        "id": record.pk, "kind": str(record.get_kind_display()), "title": record.title,
        "severity": str(record.get_severity_display()) if record.severity else "",
        "sanction": str(record.get_sanction_type_display()) if record.sanction_type else "",
        "grade": str(record.get_assessment_grade_display()) if record.assessment_grade else "",
        "decision_body": record.decision_body, "decision_number": record.decision_number,
        "decision_date": _date(record.decision_date), "window_start": _date(record.window_start),
        "window_end": _date(record.window_end), "effect_end": _date(record.effect_end),
        "provider": record.provider.name, "version": record.version, "objection_open": record.objection_open,
    }
    if with_details:
        row["details"] = _detail_rows(record)
    return row


def _header(title: str, today: datetime.date) -> dict:
    return {"title": title, "issuer": _("%(district)s信用办") % {"district": settings.DISTRICT_NAME},
            "portal": settings.PORTAL_NAME, "as_of": today.isoformat()}


def servant_report_content(*, servant: CivilServant, records, today: datetime.date | None = None) -> dict:
    """A person's report: records in force and file entries; what no longer applies only counted."""
    today = today or timezone.localdate()
    rows = list(records)
    in_force_ids = {r.pk for r in effects.person_effects(servant, today).records}  # what is in force: one answer
    in_force = [r for r in rows if r.pk in in_force_ids]
    entries = [r for r in rows if r.status == RecordStatus.PUBLISHED and r.kind in ENTRY_KINDS]
    ended = [r for r in rows if r.pk not in in_force_ids and r.kind not in ENTRY_KINDS]
    return {
        "type": SubjectType.PERSON.value,
        **_header(_("公务员政务诚信信用报告"), today),
        "subject": {
            "name": servant.name, "id_number": servant.masked_id_number, "unit": servant.unit.name,
            "unit_code": servant.unit.code, "post": servant.post, "rank": str(servant.get_rank_display() or ""),
        },
        "summary": {
            "in_force": len(in_force), "serious": sum(1 for r in in_force if r.severity == "serious"),
            "entries": len(entries), "ended": len(ended),
        },
        "records": [_record_row(r) for r in in_force],
        "entries": [_record_row(r) for r in entries],
        "note": _("本报告仅记载报告日仍在有效期内的信用记录和档案记载事项；已撤销、已修复或已到期的记录不再作为惩戒依据，"
                  "仅计数不列明。个人信用信息依法仅供本人及授权单位使用，不得公开或用于其他目的。"),
    }


def unit_public_records(unit: Unit, today: datetime.date | None = None):
    return (CreditRecord.objects.public(today or timezone.localdate()).filter(subject_unit=unit)
            .select_related("provider").order_by("kind", "-decision_date", "-id"))


def unit_report_content(*, unit: Unit, today: datetime.date | None = None) -> dict:
    """A unit's report: its institutional records the public may see today, and nothing else."""
    today = today or timezone.localdate()
    rows = list(unit_public_records(unit, today))
    eligibility = effects.unit_award_eligibility(unit, today)
    by_kind: dict[str, int] = {}
    for record in rows:
        label = str(record.get_kind_display())
        by_kind[label] = by_kind.get(label, 0) + 1
    return {
        "type": SubjectType.UNIT.value,
        **_header(_("单位政务诚信信用报告"), today),
        "subject": {"name": unit.name, "code": unit.code, "category": str(unit.get_kind_display()),
                    "status": str(unit.get_status_display())},
        "summary": {"records": len(rows), "by_kind": by_kind,
                    "serious": sum(1 for r in rows if r.severity == "serious")},
        "award": {"eligible": eligibility.eligible, "reasons": list(eligibility.reasons)},
        "records": [_record_row(r, with_details=True) for r in rows],
        "note": _("本报告记载该单位在公示期内的行政处罚、行政许可及失信被执行人信息，均为依法公开的单位信用信息。"),
    }


# --- issuing and verifying -------------------------------------------------------------

@transaction.atomic
def credit_report_issue(*, subject, content: dict, issued_to=None, purpose: str = "") -> CreditReport:
    """Freeze a report: its content, digest and a fresh verification code."""
    is_person = isinstance(subject, CivilServant)
    report = CreditReport(
        subject_type=SubjectType.PERSON if is_person else SubjectType.UNIT,
        civil_servant=subject if is_person else None, subject_unit=None if is_person else subject,
        issued_to=issued_to if issued_to is not None and getattr(issued_to, "pk", None) else None,
        purpose=(purpose or "")[:200], content=content, content_hash=content_digest(content),
    )
    report.full_clean()
    for _attempt in range(3):  # a collision of 100-bit codes is never expected; retry rather than fail
        try:
            with transaction.atomic():
                report.save()
            return report
        except IntegrityError:
            report.pk, report.code = None, new_verification_code()
    raise IntegrityError("could not draw a unique verification code")


def report_by_code(code: str) -> CreditReport | None:
    code = normalize_code(code)
    if not code:
        return None
    return CreditReport.objects.select_related("subject_unit", "civil_servant").filter(code=code).first()


def report_readable_by(report: CreditReport, user) -> bool:
    """A unit's report: anyone with the code. A person's: who it was issued to, or who may have one now."""
    if not report.is_personal:
        return True
    if not user or not user.is_authenticated:
        return False
    if report.issued_to_id == user.pk:
        return True
    return reportable_servants(user).filter(pk=report.civil_servant_id).exists()


def verification_answer(report: CreditReport) -> dict:
    """What /verify/ tells anyone: genuine, kind, when, digest — a unit's name, never a person's data."""
    answer = {
        "genuine": True, "code": report.display_code, "type": report.subject_type,
        "type_label": report.content.get("title", ""), "issued_at": report.issued_at, "as_of": report.content.get(
            "as_of", ""), "issuer": report.content.get("issuer", ""), "content_hash": report.content_hash,
        "intact": report.content_intact(),
    }
    if not report.is_personal:
        answer["unit"] = {"name": report.content["subject"]["name"], "code": report.content["subject"]["code"]}
    return answer


# --- PDF ---------------------------------------------------------------------------------

@cache
def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return PDF_FONT


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    font = _register_font()
    base = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=1, spaceAfter=6),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, alignment=1, textColor="#444444"),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11.5),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor="#444444"),
    }


def _p(text, style):
    from reportlab.platypus import Paragraph

    return Paragraph(html.escape(str(text or "—")).replace("\n", "<br/>"), style)


def _table(header: list[str], rows: list[list[str]], widths, styles):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    data = [[_p(h, styles["cell"]) for h in header]] + [[_p(c, styles["cell"]) for c in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _period(row: dict) -> str:
    end = row.get("effect_end") or row.get("window_end")
    return end or _("长期")


def render_pdf(report: CreditReport, *, verify_url: str) -> bytes:
    """The issued report as an A4 PDF in Chinese, stamped with its verification code on every page."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    styles = _styles()
    content = report.content
    subject = content["subject"]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=22 * mm, title=content["title"], author=content["issuer"],
                            subject=_("验证码 %(code)s") % {"code": report.display_code}, creator=content["portal"])
    issued = timezone.localtime(report.issued_at).strftime("%Y-%m-%d %H:%M")
    story = [
        _p(content["title"], styles["title"]),
        _p(_("出具单位：%(issuer)s　出具时间：%(at)s　信息截至：%(as_of)s")
           % {"issuer": content["issuer"], "at": issued, "as_of": content["as_of"]}, styles["meta"]),
        _p(_("验证码：%(code)s") % {"code": report.display_code}, styles["meta"]),
        Spacer(1, 4 * mm),
        _p(_("一、主体信息"), styles["h2"]),
    ]
    if report.is_personal:
        pairs = [(_("姓名"), subject["name"]), (_("公民身份号码"), subject["id_number"]),
                 (_("工作单位"), subject["unit"]), (_("职务"), subject["post"]), (_("职级"), subject["rank"])]
    else:
        pairs = [(_("单位名称"), subject["name"]), (_("统一社会信用代码"), subject["code"]),
                 (_("单位类别"), subject["category"]), (_("状态"), subject["status"])]
    story.append(_table([_("项目"), _("内容")], [[k, v] for k, v in pairs], [40 * mm, 134 * mm], styles))
    story.append(_p(_("二、信用记录"), styles["h2"]))
    header = [_("类别"), _("事由"), _("程度/处分"), _("决定机关及文号"), _("决定日期"), _("有效至"), _("提供单位")]
    widths = [22 * mm, 38 * mm, 18 * mm, 36 * mm, 20 * mm, 20 * mm, 20 * mm]
    rows = [[r["kind"], r["title"], r["sanction"] or r["severity"], f"{r['decision_body']} {r['decision_number']}".strip(),
             r["decision_date"], _period(r), r["provider"]] for r in content["records"]]
    story.append(_table(header, rows, widths, styles) if rows else _p(_("无在有效期内的信用记录。"), styles["body"]))
    if report.is_personal:
        story.append(_p(_("三、档案记载事项"), styles["h2"]))
        entry_rows = [[r["kind"], r["title"], r["grade"], r["decision_date"], r["provider"]] for r in content["entries"]]
        story.append(_table([_("类别"), _("内容"), _("等次"), _("日期"), _("登记单位")], entry_rows,
                            [30 * mm, 64 * mm, 22 * mm, 24 * mm, 34 * mm], styles)
                     if entry_rows else _p(_("无。"), styles["body"]))
        story.append(_p(_("已撤销、已修复或已到期的记录 %(n)d 条（不列明）。") % {"n": content["summary"]["ended"]},
                        styles["body"]))
    else:
        for r in content["records"]:
            if r.get("details"):
                story.append(_p(f"{r['kind']}：{r['title']}", styles["body"]))
                story.append(_table([_("项目"), _("内容")], r["details"], [50 * mm, 124 * mm], styles))
    story += [
        Spacer(1, 4 * mm), _p(content["note"], styles["small"]),
        _p(_("内容摘要（SHA-256）：%(hash)s") % {"hash": report.content_hash}, styles["small"]),
        _p(_("核验方式：访问 %(url)s 并输入验证码。") % {"url": verify_url}, styles["small"]),
    ]
    footer = _("验证码 %(code)s　%(url)s") % {"code": report.display_code, "url": verify_url}

    def stamp(canvas, document):
        canvas.saveState()
        canvas.setFont(PDF_FONT, 8)
        canvas.drawString(18 * mm, 12 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 12 * mm, _("第 %(n)d 页") % {"n": document.page})
        canvas.restoreState()

    doc.build(story, onFirstPage=stamp, onLaterPages=stamp)
    return buffer.getvalue()
