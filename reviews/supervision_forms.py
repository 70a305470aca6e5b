"""Forms of the supervision pages: removal, recheck result, spot-check draw and result."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenlist.forms import StyledFormMixin
from greenlist.models import Authority, ListKind

from .removal import RemovalReason


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
