"""Search and filters of the declaration lists (django-filter)."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenlist.forms import StyledForm
from greenlist.models import Authority, Batch, ListKind

from .models import Declaration, DeclarationStatus


class DeclarationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称或统一社会信用代码"), method="search")
    batch = django_filters.ModelChoiceFilter(label=_("批次"), queryset=Batch.objects.all())
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=ListKind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DeclarationStatus.choices)
    authority = django_filters.ModelChoiceFilter(label=_("推荐单位"), queryset=Authority.objects.all())

    class Meta:
        form = StyledForm
        model = Declaration
        fields = ["q", "batch", "kind", "status", "authority"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(unit_name__icontains=value) | Q(uscc=value.upper()))
