"""Public list search and filters (django-filter): the same FilterSet serves the page and, later,
its export, so the export is exactly the filtered view."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenlist.forms import StyledForm
from greenlist.models import Authority, Batch, Industry, ListKind

from .models import ListEntry


class ListEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或统一社会信用代码"), method="search")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=ListKind.choices, empty_label=_("全部类别"))
    batch = django_filters.ModelChoiceFilter(label=_("批次"), queryset=Batch.objects.all(), empty_label=_("全部批次"))
    authority = django_filters.ModelChoiceFilter(
        label=_("推荐单位"), queryset=Authority.objects.all(), empty_label=_("全部地区")
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("行业"), queryset=Industry.objects.filter(level=Industry.Level.DIVISION), empty_label=_("全部行业")
    )
    ordering = django_filters.OrderingFilter(
        label=_("排序方式"), empty_label=_("默认排序"),
        fields=(("published_on", "published_on"), ("unit_name", "unit_name"), ("authority__sort_order", "authority")),
        field_labels={"published_on": _("发布日期"), "unit_name": _("名称"), "authority__sort_order": _("地区")},
    )

    class Meta:
        form = StyledForm
        model = ListEntry
        fields = ["q", "kind", "batch", "authority", "industry"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(unit_name__icontains=value) | Q(uscc=value.upper()))
