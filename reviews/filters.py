"""Public list search and filters (django-filter): the same FilterSet serves the page and its
export, so the export is exactly the filtered view."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenlist.forms import StyledForm
from greenlist.models import Authority, Batch, Industry, ListKind

from .models import ListEntry


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
