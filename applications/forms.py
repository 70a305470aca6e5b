"""Forms of the applicant pages. The USCC field uses the R-USCC validator through the model."""
from django import forms
from django.utils.translation import gettext_lazy as _

from greenlist.forms import StyledFormMixin
from greenlist.models import Authority, Batch, EvaluationMode, Industry, ListKind, Organisation
from greenlist.uscc import normalise

from .details import FactoryDetails, ParkDetails, ProductDetails, SupplyChainDetails
from .evaluation_port import evaluation
from .models import Declaration
from .submission import REQUIRED_FIELDS


class DeclarationForm(StyledFormMixin, forms.ModelForm):
    agency = forms.ModelChoiceField(
        label=_("第三方评价机构"), required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.AGENCY).order_by("name"),
        help_text=_("本批次要求第三方评价时必填"),
    )

    creation_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Declaration
        # The kind is chosen before the form and never changes; the self-evaluation score is
        # computed from the self-evaluation, not typed in.
        fields = ["unit_name", "uscc", "authority", "city", "industry", "contact_name", "contact_phone"]
        widgets = {"uscc": forms.TextInput(attrs={"maxlength": 18, "autocomplete": "off",
                                                  "style": "text-transform: uppercase"})}

    def __init__(self, *args, batch: Batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        if self.instance.pk:  # the token belongs to the create form only
            del self.fields["creation_token"]
        self.fields["authority"].queryset = Authority.objects.order_by("sort_order")
        self.fields["industry"].queryset = Industry.objects.filter(level=Industry.Level.DIVISION)
        self.needed_to_submit = set(REQUIRED_FIELDS)
        # R-AGENCY-1, R-AGENCY-BAN: only approved agencies that are not debarred today.
        self.fields["agency"].queryset = evaluation().agencies()
        if batch.evaluation_mode == EvaluationMode.SELF_ONLY:
            del self.fields["agency"]
        elif batch.evaluation_mode == EvaluationMode.THIRD_PARTY:
            self.needed_to_submit.add("agency")
        else:
            self.fields["agency"].help_text = _("选择机构即由第三方评价；留空为自评价")

    def clean_uscc(self):
        return normalise(self.cleaned_data.get("uscc", ""))


class BatchChoiceForm(StyledFormMixin, forms.Form):
    batch = forms.ModelChoiceField(label=_("申报批次"), queryset=Batch.objects.filter(phase=Batch.Phase.OPEN))


class TransitionForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("意见或理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, note_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = note_required


class DetailsForm(StyledFormMixin, forms.ModelForm):
    """The kind's own fields, shown under the declaration's on the same page. The batch's rules
    are checked against the industry chosen on that page (`industry`, set by the view)."""

    def __init__(self, *args, batch: Batch, industry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        self.industry = industry
        self.needed_to_submit = set(self._meta.model.REQUIRED)

    @property
    def title(self) -> str:
        return str(self._meta.model._meta.verbose_name)

    def _post_clean(self):
        super()._post_clean()
        for name, messages in self.instance.field_errors(batch=self.batch, industry=self.industry).items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)


class FactoryDetailsForm(DetailsForm):
    high_energy_industry = forms.ChoiceField(label=_("所属高耗能行业"), required=False)

    class Meta:
        model = FactoryDetails
        fields = FactoryDetails.editable_fields()
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "industry_class": forms.TextInput(attrs={"maxlength": 4, "inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["high_energy_industry"]
        field.choices = [("", _("不属于高耗能行业"))] + [(x, x) for x in self.batch.high_energy_industries or []]
        field.help_text = FactoryDetails._meta.get_field("high_energy_industry").help_text


class ProductDetailsForm(DetailsForm):
    class Meta:
        model = ProductDetails
        fields = ProductDetails.editable_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        # R-PRODUCT-1: only the batch's standards are offered, and only they are accepted.
        field.queryset = self.batch.product_standards.order_by("code")
        field.error_messages["invalid_choice"] = _("所选评价标准不在本批次的评价标准清单中，只能选择清单中的标准。")


class ParkDetailsForm(DetailsForm):
    class Meta:
        model = ParkDetails
        fields = ParkDetails.editable_fields()


class SupplyChainDetailsForm(DetailsForm):
    class Meta:
        model = SupplyChainDetails
        fields = SupplyChainDetails.editable_fields()
        widgets = {"industry_position": forms.Textarea(attrs={"rows": 2})}


DETAILS_FORMS = {
    ListKind.FACTORY: FactoryDetailsForm,
    ListKind.PRODUCT: ProductDetailsForm,
    ListKind.PARK: ParkDetailsForm,
    ListKind.SUPPLY_CHAIN: SupplyChainDetailsForm,
}
