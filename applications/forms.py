"""Forms of the applicant pages. The USCC field uses the R-USCC validator through the model."""
from django import forms
from django.utils.translation import gettext_lazy as _

from greenlist.forms import StyledFormMixin
from greenlist.models import Authority, Batch, EvaluationMode, Industry, ListKind, Organisation
from greenlist.uscc import normalise

from .models import Declaration
from .submission import REQUIRED_FIELDS


class DeclarationForm(StyledFormMixin, forms.ModelForm):
    agency = forms.ModelChoiceField(
        label=_("第三方评价机构"), required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("name"),
        help_text=_("本批次要求第三方评价时必填"),
    )

    class Meta:
        model = Declaration
        fields = ["kind", "unit_name", "uscc", "authority", "city", "industry", "self_score",
                  "contact_name", "contact_phone"]
        widgets = {"uscc": forms.TextInput(attrs={"maxlength": 18, "autocomplete": "off",
                                                  "style": "text-transform: uppercase"})}

    def __init__(self, *args, batch: Batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.fields["kind"].choices = [(k, ListKind(k).label) for k in batch.kinds_open]
        self.fields["authority"].queryset = Authority.objects.order_by("sort_order")
        self.fields["industry"].queryset = Industry.objects.filter(level=Industry.Level.DIVISION)
        self.fields["self_score"].widget.attrs.update({"min": 0, "max": 100, "step": "0.1"})
        self.needed_to_submit = set(REQUIRED_FIELDS)
        if batch.evaluation_mode == EvaluationMode.SELF_ONLY:
            del self.fields["agency"]
        elif batch.evaluation_mode == EvaluationMode.THIRD_PARTY:
            self.needed_to_submit.add("agency")
        else:
            self.fields["agency"].help_text = _("选择机构即由第三方评价；留空为自评价")

    def clean_uscc(self):
        return normalise(self.cleaned_data.get("uscc", ""))

    def clean_self_score(self):
        score = self.cleaned_data.get("self_score")
        if score is not None and not 0 <= score <= 100:
            raise forms.ValidationError(_("自评价得分应在 0 到 100 之间。"))
        return score


class BatchChoiceForm(StyledFormMixin, forms.Form):
    batch = forms.ModelChoiceField(label=_("申报批次"), queryset=Batch.objects.filter(phase=Batch.Phase.OPEN))


class TransitionForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("意见或理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, note_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required
