from django import forms
from django.utils.translation import gettext_lazy as _

from greenlist.files import validate_pdf
from greenlist.forms import StyledFormMixin

from .models import Evaluation


class EvaluationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["score", "conclusion", "on_site_date", "recommendations", "report"]
        widgets = {
            "on_site_date": forms.DateInput(attrs={"type": "date"}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            # Not ClearableFileInput: it links to the stored file's URL, and private files have none.
            "report": forms.FileInput(attrs={"accept": "application/pdf"}),
        }
        help_texts = {"report": _("加盖公章的评价报告，PDF 格式，不超过 20 MB")}

    needed_to_submit = frozenset({"score", "conclusion", "report"})  # Evaluation.is_complete

    def clean_report(self):
        report = self.cleaned_data.get("report")
        if report and hasattr(report, "content_type"):  # a new upload, not the stored file
            validate_pdf(report)
        return report

    def clean_score(self):
        score = self.cleaned_data.get("score")
        if score is not None and not 0 <= score <= 100:
            raise forms.ValidationError(_("评价得分应在 0 到 100 之间。"))
        return score
