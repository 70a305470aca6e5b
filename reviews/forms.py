from django import forms
from django.utils.translation import gettext_lazy as _

from greenlist.forms import StyledFormMixin


class RecommendForm(StyledFormMixin, forms.Form):
    rank = forms.IntegerField(label=_("排序"), min_value=1, max_value=999, required=False,
                              help_text=_("1 为最强；留空则排在已推荐之后"))
