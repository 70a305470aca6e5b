"""Forms and list filters of the expert review pages."""

from decimal import Decimal

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from applications.models import Declaration
from greenlist.forms import StyledForm, StyledFormMixin
from greenlist.models import Authority, Batch, ListKind

from .models import ExpertAssignment


class ExpertTaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("状态"), method="by_status", empty_label=_("全部"),
        choices=[("pending", _("待评审")), ("submitted", _("已提交"))],
    )
    batch = django_filters.ModelChoiceFilter(label=_("批次"), field_name="declaration__batch",
                                             queryset=Batch.objects.all(), empty_label=_("全部批次"))

    class Meta:
        form = StyledForm
        model = ExpertAssignment
        fields = ["status", "batch"]

    def by_status(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=value == "pending")


class MinistryReviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或统一社会信用代码"), method="search")
    batch = django_filters.ModelChoiceFilter(label=_("批次"), queryset=Batch.objects.all(), empty_label=_("全部批次"))
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=ListKind.choices, empty_label=_("全部类别"))
    authority = django_filters.ModelChoiceFilter(label=_("推荐单位"), queryset=Authority.objects.all(),
                                                 empty_label=_("全部地区"))
    progress = django_filters.ChoiceFilter(
        label=_("专家评审进度"), method="by_progress", empty_label=_("全部"),
        choices=[("none", _("未分配专家")), ("open", _("评审中")), ("done", _("评审完毕，待决定"))],
    )

    class Meta:
        form = StyledForm
        model = Declaration
        fields = ["q", "batch", "kind", "authority", "progress"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(unit_name__icontains=value) | Q(uscc=value.upper()))

    def by_progress(self, queryset, name, value):
        if value == "none":
            return queryset.filter(experts_assigned=0)
        if value == "open":
            return queryset.filter(experts_assigned__gt=0).exclude(experts_submitted=F("experts_assigned"))
        return queryset.filter(experts_assigned__gt=0, experts_submitted=F("experts_assigned"))


class ExpertChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        profile = user.expert_profile
        return f"{user} · {profile.authority.short_name} · {profile.employer_display} · {profile.specialty or '—'}"


class AssignForm(StyledFormMixin, forms.Form):
    experts = ExpertChoiceField(label=_("选择专家"), queryset=get_user_model().objects.none(),
                                widget=forms.CheckboxSelectMultiple,
                                error_messages={"required": _("请至少选择一位专家。")})

    def __init__(self, *args, profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = list(profiles)
        field = self.fields["experts"]
        field.queryset = get_user_model().objects.filter(pk__in=[p.user_id for p in self.profiles]).select_related(
            "expert_profile__authority", "expert_profile__employer")
        field.widget.attrs["class"] = "form-check-input"


class ReviewForm(StyledFormMixin, forms.Form):
    score = forms.DecimalField(label=_("评分（0—100）"), min_value=Decimal("0"), max_value=Decimal("100"),
                               max_digits=4, decimal_places=1,
                               widget=forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "100"}))
    opinion = forms.ChoiceField(label=_("评审意见"), choices=ExpertAssignment.Opinion.choices,
                                widget=forms.RadioSelect)
    comment = forms.CharField(label=_("评审说明"), widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("主要优点、存在问题及改进建议"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].widget.attrs["class"] = "form-check-input"


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("审核结论"), widget=forms.RadioSelect, choices=[
        ("shortlist", _("审核通过（拟入选）")), ("decline", _("审核不通过")),
    ], error_messages={"required": _("请选择审核结论。")})
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("审核结论必须填写理由。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class WithdrawForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500,
                             error_messages={"required": _("撤回专家分配必须填写理由。")})
