"""The province's veto form (R-VETO-2)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.negative_list import items_for
from greenlist.forms import StyledFormMixin


class VetoForm(StyledFormMixin, forms.Form):
    """R-VETO-2: a negative-list item found after submission, with where it was found."""

    item = forms.ChoiceField(label=_("否决项"))
    source = forms.CharField(label=_("信息来源"), max_length=100,
                             help_text=_("例如：信用中国、国家企业信用信息公示系统、生态环境部门通报"))
    note = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("发现的事实、时间和文号，将记入申报历史"))

    def __init__(self, *args, batch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "---------")] + [(i.code, i.wording) for i in items_for(batch)]
