"""Forms of the agency registry: the agency's registration, the ministry's decision and debarment."""
from django import forms
from django.utils.translation import gettext_lazy as _

from greenlist.files import validate_document
from greenlist.forms import StyledForm, StyledFormMixin

from .agencies import AgencyProfile, qualification_problems


class AgencyProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AgencyProfile
        fields = ["legal_person", "legal_representative", "registered_in_china", "fixed_office", "sound_finances",
                  "qualified_staff", "senior_staff", "experience", "evidence"]
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 4, "placeholder": _("近五年承担的绿色制造、节能、环保等评价项目")}),
            # Not ClearableFileInput: it links to the stored file's URL, and private files have none.
            "evidence": forms.FileInput(),
        }
        help_texts = {"evidence": _("营业执照、人员职称证书、办公场所和财务证明等，PDF、图片、Word 或 Excel，不超过 20 MB")}

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence and hasattr(evidence, "content_type"):  # a new upload, not the stored file
            validate_document(evidence)
        return evidence

    def clean(self):
        data = super().clean()
        if not self.errors:  # R-AGENCY-1, with the numbers
            for problem in qualification_problems(**data):
                self.add_error(None, problem)
        if not data.get("evidence") and not (self.instance and self.instance.evidence):
            self.add_error("evidence", _("请上传证明材料。"))
        return data


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("审核结果"), choices=[("approve", _("批准")), ("reject", _("不予批准"))],
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("不予批准时必填"))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("不予批准时须填写理由。"))
        return data


class DebarmentForm(StyledForm):
    debarred_until = forms.DateField(label=_("禁入截止日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    debarment_reason = forms.CharField(label=_("禁入理由"), widget=forms.Textarea(attrs={"rows": 3}))


class AgencySearchForm(StyledForm):
    STATUS_CHOICES = [("", _("全部")), *AgencyProfile.Status.choices, ("none", _("未登记"))]

    status = forms.ChoiceField(label=_("审核状态"), choices=STATUS_CHOICES, required=False)
    q = forms.CharField(label=_("机构或法人单位名称"), required=False)
