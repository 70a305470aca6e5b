"""Expert review pages (R-REVIEW-1): the expert's tasks and review form; the ministry's queue of
recommended declarations, the assignment of experts and the decision with its reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications import workflow
from applications.attachments import visible_attachments
from applications.models import DeclarationStatus
from greenlist.history import Action
from greenlist.models import HistoryEntry
from greenlist.rules import require

from . import selectors, services
from .forms import (
    AssignForm,
    DecisionForm,
    ExpertTaskFilter,
    MinistryReviewFilter,
    ReviewForm,
    WithdrawForm,
)
from .models import ExpertAssignment

PAGE_SIZE = 20


S = DeclarationStatus


# Where a declaration can be once the ministry's review began: recommended, or decided after.
REVIEW_STATES = {S.RECOMMENDED, S.SHORTLISTED, S.IN_PUBLICITY, S.PUBLISHED, S.REJECTED}


def _page(request, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


@login_required
def expert_tasks(request):
    require(request.user, "expert_review.review")
    filterset = ExpertTaskFilter(request.GET, queryset=selectors.assignments_for_expert(request.user))
    page, query = _page(request, filterset.qs)
    return render(request, "reviews/expert_tasks.html", {"filter": filterset, "page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def expert_review(request, pk):
    require(request.user, "expert_review.review")
    assignment = services.expert_assignment(request.user, pk)
    decl = selectors.review_detail(assignment.declaration_id)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    confirming = False
    if request.method == "POST" and not assignment.is_submitted and form.is_valid():
        if request.POST.get("edit"):
            pass  # back from the confirmation to the form, with what was typed
        elif request.POST.get("confirm") != "1":
            confirming = True  # a second step: the review is final once submitted
        else:
            try:
                services.submit_review(actor=request.user, assignment=assignment, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("评审意见已提交：%(u)s") % {"u": decl.unit_name})
                return redirect("reviews:expert_review", pk=assignment.pk)
    return render(request, "reviews/expert_review.html", {
        "assignment": assignment, "decl": decl, "form": form, "confirming": confirming,
        "attachments": visible_attachments(decl, can_change=False),
    })


def _form_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def ministry_review(request):
    require(request.user, "expert_review.manage")
    filterset = MinistryReviewFilter(request.GET, queryset=selectors.review_queue())
    page, query = _page(request, filterset.qs)
    return render(request, "reviews/ministry_review.html", {"filter": filterset, "page": page, "query": query})


def _review_page(request, decl, *, assign_form=None, decision_form=None, errors=(), status=200, confirming=False):
    assignments = selectors.assignments_of(decl)
    live = [a for a in assignments if not a.is_withdrawn]
    profiles = list(selectors.expert_choices())
    parties = services.Parties(decl)
    taken = {a.expert_id for a in live}
    candidates = [(p, parties.conflict(p)) for p in profiles if p.user_id not in taken]
    return render(request, "reviews/ministry_review_detail.html", {
        "decl": decl,
        "assignments": assignments,
        "live": live,
        "average": selectors.average(live),
        "candidates": candidates,
        "assign_form": assign_form or AssignForm(profiles=profiles),
        "decision_form": decision_form or DecisionForm(),
        "withdraw_form": WithdrawForm(),
        "pending": services.pending_reason(decl) if decl.status == S.RECOMMENDED else None,
        "decisions": HistoryEntry.objects.for_object(decl).filter(action__in=[Action.SHORTLIST, Action.DECLINE])
        .select_related("actor"),
        "errors": errors,
        "confirming": confirming,
        "Action": Action,
    }, status=status)


def _reviewable_or_404(pk):
    decl = selectors.review_detail(pk)
    if decl is None or decl.status not in REVIEW_STATES:
        raise Http404(_("没有找到该申报，或您无权查看。"))
    return decl


@login_required
def ministry_review_detail(request, pk):
    require(request.user, "expert_review.manage")
    return _review_page(request, _reviewable_or_404(pk))


@login_required
@require_POST
def assign(request, pk):
    require(request.user, "expert_review.manage")
    decl = _reviewable_or_404(pk)
    form = AssignForm(request.POST, profiles=selectors.expert_choices())
    if not form.is_valid():
        return _review_page(request, decl, assign_form=form)
    try:
        created = services.assign_experts(actor=request.user, declaration=decl, experts=form.cleaned_data["experts"])
    except ValidationError as exc:
        # Refused as a whole, with every reason; the choice stays ticked.
        return _review_page(request, decl, assign_form=form, errors=exc.messages, status=403)
    if created:
        messages.success(request, _("已分配专家：%(e)s") % {"e": "、".join(str(a.expert) for a in created)})
    else:
        messages.info(request, _("所选专家均已分配，未重复分配。"))
    return redirect("reviews:ministry_review_detail", pk=decl.pk)


@login_required
@require_POST
def withdraw(request, pk):
    require(request.user, "expert_review.manage")
    assignment = get_object_or_404(ExpertAssignment.objects.select_related("expert"), pk=pk)
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.withdraw_assignment(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        decl = _reviewable_or_404(assignment.declaration_id)
        return _review_page(request, decl, errors=exc.messages, status=403)
    messages.success(request, _("已撤回对专家%(e)s的分配。") % {"e": assignment.expert})
    return redirect("reviews:ministry_review_detail", pk=assignment.declaration_id)


@login_required
@require_POST
def decide(request, pk):
    """Two steps: the form, then a confirmation that shows what will be recorded."""
    require(request.user, "expert_review.manage")
    decl = _reviewable_or_404(pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _review_page(request, decl, decision_form=form)
    if request.POST.get("edit"):  # back from the confirmation to the form, with what was typed
        return _review_page(request, decl, decision_form=form)
    if request.POST.get("confirm") != "1":
        return _review_page(request, decl, decision_form=form, confirming=True)
    try:
        services.decide(actor=request.user, declaration=decl, decision=form.cleaned_data["decision"],
                        reason=form.cleaned_data["reason"])
    except workflow.TransitionRefused as exc:
        return _review_page(request, decl, decision_form=form, errors=[exc.message], status=403)
    except ValidationError as exc:
        return _review_page(request, decl, decision_form=form, errors=exc.messages, status=403)
    label = dict(form.fields["decision"].choices)[form.cleaned_data["decision"]]
    messages.success(request, _("已%(a)s：%(u)s") % {"a": label, "u": decl.unit_name})
    return redirect("reviews:ministry_review_detail", pk=decl.pk)
