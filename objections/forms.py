"""HTML forms of the objections app; every save goes through a service."""
from django import forms
from django.utils.translation import gettext_lazy as _

from records.choices import GOVERNMENT_SANCTIONS, PARTY_SANCTIONS, RecordKind, SanctionType, Severity

from .choices import ObjectionOutcome, Punishment, RecordAction, RepairOutcome

# What a decision may correct on the record (a subset of records.services.CORRECTABLE_FIELDS).
CORRECTION_FIELDS = ("title", "severity", "sanction_type", "decision_number", "decision_date", "facts",
                     "legal_basis")


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("异议理由"), widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("请说明记录哪里有差错、正确的情况是什么。"))
    evidence = forms.FileField(label=_("证明材料（可选）"), required=False,
                               help_text=_("PDF、OFD、JPG、PNG、DOCX 或 XLSX，单个文件不超过 10 MB。"))


# The decision as one choice, so the record's fate always follows the outcome (no default that contradicts it).
DECISIONS = [
    (ObjectionOutcome.REJECTED.value, _("异议不成立：记录不变")),
    (f"{ObjectionOutcome.UPHELD.value}:{RecordAction.CORRECT.value}", _("异议成立：更正记录（生成新版本，替换原内容）")),
    (f"{ObjectionOutcome.UPHELD.value}:{RecordAction.REVOKE.value}", _("异议成立：撤销记录（不再公示，不再计入）")),
    (f"{ObjectionOutcome.PARTLY_UPHELD.value}:{RecordAction.CORRECT.value}", _("异议部分成立：更正记录（生成新版本）")),
    (f"{ObjectionOutcome.PARTLY_UPHELD.value}:{RecordAction.REVOKE.value}", _("异议部分成立：撤销记录")),
]


class DecideForm(forms.Form):
    """The HTML page posts ``decision`` (outcome and record action in one) and ``confirm``; a caller may still
    post ``outcome`` and ``record_action`` separately (the service checks that they agree)."""

    decision = forms.ChoiceField(label=_("核查结论与记录处理"), required=False, choices=DECISIONS,
                                 widget=forms.RadioSelect)
    outcome = forms.ChoiceField(label=_("核查结论"), required=False, choices=ObjectionOutcome.choices,
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("核查意见"), widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("将反馈给申请人。"))
    record_action = forms.ChoiceField(
        label=_("记录处理（异议成立时）"), required=False, widget=forms.RadioSelect,
        choices=[("", _("不变（异议不成立）")), *RecordAction.choices],
    )
    title = forms.CharField(label=_("事由"), required=False, max_length=200)
    severity = forms.ChoiceField(label=_("失信程度"), required=False, choices=[("", "—"), *Severity.choices])
    sanction_type = forms.ChoiceField(label=_("处分种类"), required=False, choices=[("", "—"), *SanctionType.choices])
    decision_number = forms.CharField(label=_("决定文书号"), required=False, max_length=100)
    decision_date = forms.DateField(label=_("决定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    facts = forms.CharField(label=_("事实与内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(label=_("我已核对：答复将书面告知申请人，记录按所选结论处理，提交后不能更改。"),
                                 required=False)

    def __init__(self, *args, record, **kwargs):
        self.record = record
        # FormView always passes initial={}: start from the record's values, so only what is wrong is changed.
        kwargs["initial"] = {**{name: getattr(record, name) for name in CORRECTION_FIELDS}, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        kinds = {RecordKind.GOVERNMENT_SANCTION: GOVERNMENT_SANCTIONS, RecordKind.PARTY_SANCTION: PARTY_SANCTIONS}
        if record.kind in kinds:  # a 政务处分 is corrected to another 政务处分, never to a Party sanction
            self.fields["sanction_type"].choices = [("", "—")] + [
                (value, label) for value, label in SanctionType.choices if value in kinds[record.kind]]
        else:
            del self.fields["sanction_type"]

    def clean(self):
        data = super().clean()
        if data.get("decision"):
            outcome, _sep, action = data["decision"].partition(":")
            data["outcome"], data["record_action"] = outcome, action
            if not data.get("confirm"):
                self.add_error("confirm", _("请确认后再提交答复。"))
        elif not data.get("outcome"):
            self.add_error("decision", _("请选择核查结论与记录处理。"))
        return data

    def corrections(self) -> dict:
        """The correction fields whose value differs from the record's (only with a correction)."""
        if self.cleaned_data.get("record_action") != RecordAction.CORRECT:
            return {}
        changed = {}
        for name in CORRECTION_FIELDS:
            value = self.cleaned_data.get(name)
            current = getattr(self.record, name)
            if name == "decision_date" and value is None:
                continue
            if (value or "") != (current or ""):
                changed[name] = value
        return changed


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("说明（可选）"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(ReasonForm):
    policy_key = forms.ChoiceField(label=_("答复期限"), choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import answer_policy_choices

        self.fields["policy_key"].choices = answer_policy_choices()
        self.order_fields(["policy_key", "reason"])


class ExtendForm(ReasonForm):
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=60)


class RepairForm(forms.Form):
    losses_recovered = forms.BooleanField(label=_("已主动挽回损失"), required=False)
    effects_removed = forms.BooleanField(label=_("已消除不良影响"), required=False)
    harm_stopped = forms.BooleanField(label=_("已有效阻止危害结果发生"), required=False)
    statement = forms.CharField(label=_("自我纠错情况说明"), widget=forms.Textarea(attrs={"rows": 6}))
    evidence = forms.FileField(label=_("证明材料"), required=False,
                               help_text=_("如退赔凭证、整改报告等；单个文件不超过 10 MB。"))


class RepairDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("决定"), choices=RepairOutcome.choices, widget=forms.RadioSelect)
    punishment = forms.ChoiceField(label=_("惩戒措施"), choices=Punishment.choices, initial=Punishment.UNCHANGED,
                                   widget=forms.RadioSelect)
    reason = forms.CharField(label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, decision=None, **kwargs):
        """For a 双公示 decision's application approval ends the publication early; it has no punishment to
        lighten or waive, so the form does not ask."""
        super().__init__(*args, **kwargs)
        if decision is not None:
            del self.fields["punishment"]
            self.fields["outcome"].help_text = _("准予修复的，该行政处罚信息即日起停止公示（原公示截止期 %(date)s）。") % {
                "date": decision.publication_ends.isoformat() if decision.publication_ends else "—"}
