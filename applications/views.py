"""Applicant pages: list, create, edit, detail with history, and the generic action page."""
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenlist.forms import batch_pk, bound_data
from greenlist.history import Action
from greenlist.models import Batch, ListKind
from greenlist.rules import require

from . import frozen, negative_list, permissions, selectors, services, submission, workflow
from .details import DETAILS_MODELS, details_of, save_details
from .evaluation_port import evaluation
from .filters import DeclarationFilter
from .forms import DETAILS_FORMS, DeclarationForm, TransitionForm
from .models import Declaration

PAGE_SIZE = 20
# Actions done from the generic confirmation page; the others have pages of their own.
# The ministry's shortlist/decline are decided on the expert review page (reviews.expert_review.views),
# which first waits for every assigned expert's opinion (R-REVIEW-1).
GENERIC_ACTIONS = {Action.SUBMIT, Action.RETURN, Action.REJECT}


def _visible_or_404(user, pk) -> Declaration:
    decl = selectors.declaration_detail(user, pk)
    if decl is None:
        raise Http404(_("没有找到该申报，或您无权查看。"))
    return decl


@login_required
def declaration_list(request):
    require(request.user, "applications.declare")
    filterset = DeclarationFilter(request.GET, queryset=selectors.declarations_for(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "applications/list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
        "open_batches": Batch.objects.filter(phase=Batch.Phase.OPEN),
    })


@login_required
@require_http_methods(["GET", "POST"])
def declaration_create(request):
    """First the kind (a page of the batch's open kinds), then the declaration and the kind's
    details on one page; the kind never changes afterwards."""
    require(request.user, "applications.declare")
    batch = get_object_or_404(Batch, pk=batch_pk(request.GET.get("batch") or request.POST.get("batch")),
                              phase=Batch.Phase.OPEN)
    kind = request.GET.get("kind") or request.POST.get("kind")
    if not kind:
        return render(request, "applications/choose_kind.html",
                      {"batch": batch, "kinds": [ListKind(k) for k in batch.kinds_open]})
    if kind not in ListKind.values:
        raise Http404(_("未知类别。"))
    if not batch.is_kind_open(kind):  # R-FLOW-4
        raise PermissionDenied(_("本批次不受理“%(k)s”的申报。") % {"k": ListKind(kind).label})
    form = DeclarationForm(bound_data(request)[0], batch=batch, initial={"creation_token": uuid.uuid4()})
    details_form = DETAILS_FORMS[kind](bound_data(request)[0], batch=batch)
    if request.method == "POST" and _both_valid(form, details_form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "agency"}
        agency = form.cleaned_data.get("agency")
        token = data.get("creation_token")
        try:
            with transaction.atomic():  # the draft, its details and its evaluation route, or none
                existing = services.draft_for_token(actor=request.user, token=token)
                if existing is not None:
                    return _already_created(request, existing)
                decl = services.create_declaration(actor=request.user, batch=batch, kind=kind,
                                                   uses_third_party=agency is not None, **data)
                save_details(actor=request.user, declaration=decl, **details_form.cleaned_data)
                evaluation().choose_route(actor=request.user, declaration=decl, agency=agency)
        except ValidationError as exc:
            _add_errors(exc, form, details_form)
        except IntegrityError:  # the twin request committed the same token first
            existing = services.draft_for_token(actor=request.user, token=token)
            if existing is not None:
                return _already_created(request, existing)
            form.add_error(None, _("表单已失效，请刷新页面后重新提交；您填写的内容仍保留在下方。"))
        else:
            messages.success(request, _("草稿已保存。完善内容后请提交申报。"))
            return redirect(decl)
    return render(request, "applications/form.html", {
        "form": form, "details_form": details_form, "batch": batch, "decl": None, "kind": ListKind(kind),
    })


def _already_created(request, decl):
    messages.info(request, _("该申报草稿已创建，重复提交未再创建。"))
    return redirect(decl)


@login_required
@require_http_methods(["GET", "POST"])
def declaration_edit(request, pk):
    decl = _visible_or_404(request.user, pk)
    if not permissions.has_perm(request.user, "applications.change_declaration", decl):
        raise PermissionDenied(_("您无权修改该申报。"))
    if not decl.is_editable:
        raise workflow.TransitionRefused(
            _("申报已提交（状态：%(s)s），内容已冻结，不能修改。") % {"s": decl.get_status_display()}, code="frozen"
        )
    initial = {"agency": evaluation().current_agency(decl)}
    form = DeclarationForm(bound_data(request)[0], instance=decl, batch=decl.batch, initial=initial)
    details = details_of(decl) or DETAILS_MODELS[decl.kind](declaration=decl)
    details_form = DETAILS_FORMS[decl.kind](bound_data(request)[0], instance=details, batch=decl.batch)
    if request.method == "POST" and _both_valid(form, details_form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "agency"}
        # The form already wrote the cleaned values onto decl; the service re-reads it under a lock.
        fresh = Declaration.objects.get(pk=decl.pk)
        try:
            with transaction.atomic():
                services.update_declaration(actor=request.user, declaration=fresh, **data)
                save_details(actor=request.user, declaration=fresh, **details_form.cleaned_data)
                evaluation().choose_route(actor=request.user, declaration=fresh,
                                          agency=form.cleaned_data.get("agency"))
        except ValidationError as exc:
            _add_errors(exc, form, details_form)
        else:
            messages.success(request, _("修改已保存。"))
            return redirect(decl)
    return render(request, "applications/form.html", {
        "form": form, "details_form": details_form, "batch": decl.batch, "decl": decl, "kind": ListKind(decl.kind),
    })


def _both_valid(form, details_form) -> bool:
    """Validate both forms (every error is shown at once); the details are checked against the
    industry chosen on the same page."""
    main_ok = form.is_valid()
    details_form.industry = form.cleaned_data.get("industry")
    return details_form.is_valid() and main_ok


def _add_errors(exc: ValidationError, *forms) -> None:
    """A service's refusal, next to the field it names on whichever form has it."""
    if not hasattr(exc, "error_dict"):
        forms[0].add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = next((f for f in forms if name in f.fields), None)
        if target is None:
            forms[0].add_error(None, errors)
        else:
            target.add_error(name, errors)


@login_required
def declaration_detail(request, pk):
    decl = _visible_or_404(request.user, pk)
    # The live engagement, or the last one declined (read by the submission check too).
    latest, engagement, current = evaluation().engagement(decl)
    history = selectors.history_for(decl)
    if not frozen.shows_draft_to(request.user, decl):
        # The applicant is revising: show the version it was returned from, not the draft.
        selectors.hide_draft_changes(history)
        return render(request, "applications/detail.html", {
            "decl": decl, "engagement": engagement, "evaluation": current, "history": history,
            "submitted": frozen.last_submitted(decl),
            "actions": [t for t in workflow.available_actions(request.user, decl) if t.action in GENERIC_ACTIONS],
        })
    return render(request, "applications/detail.html", {
        "decl": decl,
        "engagement": engagement,
        "evaluation": current,
        "history": history,
        "negative_list": negative_list.summary_for(decl),
        **evaluation().self_evaluation(decl, current),
        "readiness": submission.problems(decl, {"engagement": latest}) if decl.is_editable else None,
        "details": details_of(decl),
        "actions": [t for t in workflow.available_actions(request.user, decl) if t.action in GENERIC_ACTIONS],
        "can_edit": decl.is_editable and permissions.has_perm(request.user, "applications.change_declaration", decl),
    })


@login_required
@require_http_methods(["GET", "POST"])
def declaration_action(request, pk, action):
    """Confirmation page and POST for one transition; refusals are shown here with a 403."""
    decl = _visible_or_404(request.user, pk)
    if action not in GENERIC_ACTIONS:
        raise Http404(_("未知操作。"))
    transition = None
    error = None
    try:
        transition = workflow.find_transition(decl, action)
    except workflow.TransitionRefused as exc:
        error = exc.message
    form = TransitionForm(request.POST if request.method == "POST" else None,
                          note_required=bool(transition and transition.needs_note))
    if request.method == "POST" and transition and form.is_valid():
        try:
            if action == "submit":
                services.submit_declaration(actor=request.user, declaration=decl)
            else:
                workflow.perform(decl, action, actor=request.user, note=form.cleaned_data["note"])
        except workflow.TransitionRefused as exc:
            error = exc.message
        else:
            messages.success(request, _("已%(a)s：%(u)s") % {"a": transition.label, "u": decl.unit_name})
            return redirect(decl)
    status = 403 if error else 200
    return render(request, "applications/action.html", {
        "decl": decl, "transition": transition, "action": action, "form": form, "error": error,
    }, status=status)
