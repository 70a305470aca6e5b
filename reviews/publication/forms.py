"""Forms and filters of publicity and the list: the public objection form, the ministry's decision
on an objection, the objection list's filter, and the list-entry filter (search, sort) that the
public list and the ministry's listed units share."""

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from greenlist.files import DOCUMENT_TYPES, human_size, validate_document
from greenlist.forms import StyledForm, StyledFormMixin
from greenlist.models import Authority, Batch, Industry, ListKind

from .models import ListEntry, Objection

_ACCEPT = ",".join(f".{ext}" for ext, _label in DOCUMENT_TYPES.values()) + ",.jpeg"


class ObjectionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("异议人"), max_length=100,
                           help_text=gettext_lazy("个人姓名或单位名称"))
    contact = forms.CharField(label=gettext_lazy("联系方式"), max_length=100,
                              help_text=gettext_lazy("电话或电子邮箱，便于核实和反馈"))
    grounds = forms.CharField(label=gettext_lazy("异议理由"), min_length=10, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=gettext_lazy("请具体说明异议事实和依据，不少于 10 个字"),
                              error_messages={"min_length": gettext_lazy(
                                  "异议理由过短：至少 %(limit_value)d 个字，目前 %(show_value)d 个字。")})
    # Not ClearableFileInput: it links to the stored file's URL, and private files have none.
    evidence = forms.FileField(label=gettext_lazy("证明材料（可选）"), required=False,
                               widget=forms.FileInput(attrs={"accept": _ACCEPT}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].help_text = _("PDF、JPG/PNG 图片、Excel（xlsx）或 Word（docx），不超过 %(m)s") % {
            "m": human_size(settings.UPLOAD_MAX_BYTES)}

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_document(upload)
        return upload

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if sum(c.isdigit() for c in contact) < 5 and "@" not in contact:
            raise ValidationError(_("请填写可以联系到您的电话号码或电子邮箱。"), code="contact")
        return contact


class ResolveForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("处理结果"), widget=forms.RadioSelect,
        choices=[(Objection.Status.DISMISSED, gettext_lazy("异议不成立（单位保留在公示名单中）")),
                 (Objection.Status.UPHELD, gettext_lazy("异议成立（单位移出公示名单，不予发布）"))],
    )
    reason = forms.CharField(label=gettext_lazy("处理意见（理由）"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": gettext_lazy("请填写处理意见（理由）。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"

    @property
    def upheld(self) -> bool:
        return self.cleaned_data["decision"] == Objection.Status.UPHELD


class ObjectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("单位名称、统一社会信用代码或异议人"), method="search")
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=Objection.Status.choices,
                                         empty_label=gettext_lazy("全部状态"))
    batch = django_filters.ModelChoiceFilter(label=gettext_lazy("批次"), queryset=Batch.objects.all(),
                                             field_name="publicity__batch", empty_label=gettext_lazy("全部批次"))

    class Meta:
        form = StyledForm
        model = Objection
        fields = ["q", "status", "batch"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(declaration__unit_name__icontains=value) | Q(declaration__uscc=value.upper())
                               | Q(name__icontains=value))


class ListOrderingFilter(django_filters.OrderingFilter):
    """A column may sort on several fields (a batch by year, then code), and every order ends with
    the primary key, so paging never repeats or skips a row."""

    descending_fmt = _("%s（降序）")

    def filter(self, qs, value):
        if not value:
            return qs
        param = value[0]
        desc = "-" if param.startswith("-") else ""
        fields = dict((p, f) for p, _label, f in LIST_SORTS)[param.lstrip("-")]
        return qs.order_by(*[desc + f for f in fields], f"{desc}pk")


# (parameter, label, model fields): the public list's sortable columns.
LIST_SORTS = (
    ("unit_name", _("名称"), ("unit_name",)),
    ("kind", _("类别"), ("kind",)),
    ("batch", _("批次"), ("batch__year", "batch__code")),
    ("authority", _("推荐单位"), ("authority__sort_order", "authority__code")),
    ("industry", _("行业"), ("industry__code",)),
    ("published_on", _("发布日期"), ("published_on",)),
)


def _years():
    return [(y, f"{y}") for y in Batch.objects.order_by("-year").values_list("year", flat=True).distinct()]


class ListEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称、信用代码、产品或型号"), method="search")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=ListKind.choices, empty_label=_("全部类别"))
    batch = django_filters.ModelChoiceFilter(label=_("批次"), queryset=Batch.objects.all(), empty_label=_("全部批次"))
    year = django_filters.ChoiceFilter(label=_("年度"), field_name="batch__year", choices=_years,
                                       empty_label=_("全部年度"))
    authority = django_filters.ModelChoiceFilter(
        label=_("推荐单位"), queryset=Authority.objects.all(), empty_label=_("全部地区")
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("行业"), queryset=Industry.objects.filter(level=Industry.Level.DIVISION), empty_label=_("全部行业")
    )
    ordering = ListOrderingFilter(
        label=_("排序方式"), empty_label=_("默认排序"),
        fields=[(param, param) for param, _label, _fields in LIST_SORTS],
        field_labels={param: label for param, label, _fields in LIST_SORTS},
    )

    class Meta:
        form = StyledForm
        model = ListEntry
        fields = ["q", "kind", "batch", "year", "authority", "industry"]

    def search(self, queryset, name, value):
        """A citizen looks a product up by what it is (电视机) or by its model number as often as by
        the maker's name."""
        value = value.strip()
        return queryset.filter(Q(unit_name__icontains=value) | Q(uscc=value.upper())
                               | Q(product_name__icontains=value) | Q(product_category__icontains=value)
                               | Q(product_model__icontains=value))
