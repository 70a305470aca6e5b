"""The agency answers a proposed engagement: accept with its independence declaration, or decline."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications import workflow
from greenlist.forms import StyledFormMixin, bound_data

from . import engagements
from .views import agency_of


class AcceptForm(StyledFormMixin, forms.Form):
    """R-AGENCY-2. Not required at the form level: the service refuses with the rule's reason."""

    not_in_self_evaluation = forms.BooleanField(
        label=gettext_lazy("本机构未参与该申报单位自评价报告的编制"), required=False)
    no_consulting = forms.BooleanField(
        label=gettext_lazy("本批次未为该申报单位提供咨询服务"), required=False)


class DeclineForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=gettext_lazy("拒绝理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000, error_messages={"required": gettext_lazy("拒绝委托必须填写理由。")})


@login_required
@require_http_methods(["GET", "POST"])
def engagement_answer(request, pk):
    """A proposal card (unit, kind, batch, applicant: not the draft's contents, which stays the
    applicant's alone until the agency has accepted and the declaration is submitted)."""
    agency = agency_of(request.user)
    engagement = engagements.engagement_for_agency(agency, pk)
    accept_form = AcceptForm(bound_data(request)[0] if "accept" in request.POST else None)
    decline_form = DeclineForm(bound_data(request)[0] if "decline" in request.POST else None)
    error = None
    if request.method == "POST":
        try:
            if "accept" in request.POST and accept_form.is_valid():
                engagements.accept_engagement(actor=request.user, engagement=engagement, **accept_form.cleaned_data)
                messages.success(request, _("已接受委托：%(u)s") % {"u": engagement.declaration.unit_name})
                return redirect("evaluations:engagements")
            if "decline" in request.POST and decline_form.is_valid():
                engagements.decline_engagement(actor=request.user, engagement=engagement,
                                               reason=decline_form.cleaned_data["reason"])
                messages.success(request, _("已拒绝委托：%(u)s") % {"u": engagement.declaration.unit_name})
                return redirect("evaluations:engagements")
        except workflow.TransitionRefused as exc:
            error = exc.message
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                decline_form.add_error(field, errors)
        engagement.refresh_from_db()
    usage = engagements.cap_usage(agency, [engagement.declaration.batch])[0]
    return render(request, "evaluations/engagement_answer.html", {
        "engagement": engagement, "decl": engagement.declaration, "usage": usage,
        "accept_form": accept_form, "decline_form": decline_form, "error": error,
    }, status=403 if error else 200)
