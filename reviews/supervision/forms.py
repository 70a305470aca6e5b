"""Forms of the life on the list: the unit's dynamic-management table (fields made from the year's
negative list and key indicators), the authority's review, removal, recheck and spot-check forms."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import fields_for_model, model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.negative_list import NegativeListAnswer
from greenlist.forms import StyledForm, StyledFormMixin
from greenlist.models import Authority, ListKind

from .models import DynamicTable, RemovalReason
from .policy import KEY_INDICATORS
from .services.dynamic import CHANGE_FIELDS, negative_items

# Rows of the "变更情况" card: (ticked, new value or None, note).
CHANGE_ROWS = (("name_changed", "new_name", "name_note"), ("uscc_changed", "new_uscc", "uscc_note"),
               ("address_changed", "new_address", "address_note"), ("boundary_changed", None, "boundary_note"),
               ("merger", None, "merger_note"))


class DynamicTableForm(StyledFormMixin, forms.Form):
    """Every field optional: a draft may be incomplete; filing is checked by the service, whose
    errors come back on these field names."""

    score = forms.DecimalField(label=_("年度得分"), required=False, min_value=0, max_value=100, decimal_places=1,
                               help_text=_("0—100，按年度自评价结果填写，用于企业绿码评级"))
    confirm = forms.BooleanField(label=_("本单位承诺所填内容真实、准确，报送后不可修改"), required=False)

    def __init__(self, *args, entry, year, table=None, **kwargs):
        self.entry, self.year = entry, year
        initial = {}
        if table is not None:
            initial.update(model_to_dict(table, fields=[*CHANGE_FIELDS, "score"]))
            for code, given in table.negative_answers.items():
                initial[f"neg_{code}"] = given["answer"]
                initial[f"neg_{code}_explanation"] = given["explanation"]
            initial.update({f"ind_{code}": value for code, value in table.indicators.items()})
        super().__init__(*args, initial=initial, **kwargs)
        model_fields = fields_for_model(DynamicTable, fields=CHANGE_FIELDS)
        for name, field in model_fields.items():
            field.required = False
            if name.endswith("_note"):
                field.widget = forms.TextInput()
        self.fields.update(model_fields)
        self.items = negative_items(year)
        for item in self.items:
            self.fields[f"neg_{item.code}"] = forms.ChoiceField(
                label=item.wording, choices=NegativeListAnswer.Answer.choices, required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
            self.fields[f"neg_{item.code}_explanation"] = forms.CharField(
                label=_("情况说明"), required=False, max_length=1000,
                widget=forms.TextInput(attrs={"placeholder": _("情况说明（选择“是”时必填）")}))
        self.indicators = KEY_INDICATORS[entry.kind]
        for ind in self.indicators:
            self.fields[f"ind_{ind.code}"] = forms.DecimalField(
                label=f"{ind.name}（{ind.unit}）", required=False, min_value=0,
                max_value=100 if ind.percent else None, max_digits=14, decimal_places=4)
        self._styled_after_build()

    def _styled_after_build(self):
        # StyledFormMixin styled the fields that existed before __init__ added these.
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect) or "class" in widget.attrs:
                continue
            widget.attrs["class"] = "form-check-input" if isinstance(widget, forms.CheckboxInput) else "form-control"

    def change_rows(self):
        return [(self[t], self[v] if v else None, self[n]) for t, v, n in CHANGE_ROWS]

    def negative_rows(self):
        return [(n, item, self[f"neg_{item.code}"], self[f"neg_{item.code}_explanation"])
                for n, item in enumerate(self.items, start=1)]

    def indicator_fields(self):
        return [self[f"ind_{ind.code}"] for ind in self.indicators]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in CHANGE_FIELDS},
            "score": data.get("score"),
            "negative": {item.code: {"answer": data.get(f"neg_{item.code}"),
                                     "explanation": data.get(f"neg_{item.code}_explanation", "")}
                         for item in self.items if data.get(f"neg_{item.code}")},
            "indicators": {ind.code: data.get(f"ind_{ind.code}") for ind in self.indicators},
        }


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), widget=forms.RadioSelect, choices=[
        (DynamicTable.Status.ACCEPTED, _("审核通过")),
        (DynamicTable.Status.ONSITE, _("需现场核查")),
    ])
    note = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("要求现场核查时必填：写明需核查的内容"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"  # not the mixin's form-control


class DynamicTableFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或统一社会信用代码"), method="search")
    year = django_filters.NumberFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(label=_("状态"), empty_label=_("全部状态"),
                                         choices=[c for c in DynamicTable.Status.choices if c[0] != "draft"])
    kind = django_filters.ChoiceFilter(label=_("类别"), field_name="entry__kind", choices=ListKind.choices,
                                       empty_label=_("全部类别"))
    late = django_filters.ChoiceFilter(label=_("报送时间"), empty_label=_("全部"), method="filter_late",
                                       choices=[("yes", _("逾期报送")), ("no", _("按期报送"))])

    class Meta:
        form = StyledForm
        model = DynamicTable
        fields = ["q", "year", "status", "kind"]

    def filter_late(self, queryset, name, value):
        return queryset.filter(late=value == "yes")

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(entry__unit_name__icontains=value) | Q(entry__uscc=value.upper()))


class RemovalForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("撤销原因"), choices=[("", _("请选择"))] + RemovalReason.choices)
    removed_on = forms.DateField(label=_("撤销日期"), initial=timezone.localdate,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("将在公开页面上与撤销原因一并显示"))
    confirm = forms.BooleanField(label=_("我已核实，确认撤销。撤销后不可恢复。"),
                                 error_messages={"required": _("请勾选确认后再撤销。")})


class RecheckForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("复核结果"), widget=forms.RadioSelect,
                               choices=[("passed", _("复核通过")), ("failed", _("复核未通过"))])
    reason = forms.CharField(label=_("复核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("复核未通过时必填"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if data.get("result") == "failed" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("复核未通过时须填写理由。"))
        return data


class DrawForm(StyledFormMixin, forms.Form):
    size = forms.IntegerField(label=_("抽取数量"), min_value=1, max_value=500, initial=10)
    seed = forms.IntegerField(label=_("随机种子"), required=False, min_value=0, max_value=2**62,
                              help_text=_("留空则随机生成；种子与当时的可抽取单位一并记录，可据此复现核验"))
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别"))] + ListKind.choices)
    authority = forms.ModelChoiceField(label=_("推荐单位"), required=False, queryset=Authority.objects.all(),
                                       empty_label=_("全部地区"))
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class SpotCheckResultForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("检查结果"), choices=[("clean", _("未发现问题")), ("problems", _("发现问题"))])
    note = forms.CharField(label=_("检查说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("result") == "problems" and not (data.get("note") or "").strip():
            self.add_error("note", _("发现问题时须写明问题。"))
        return data
