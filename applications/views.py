"""Applicant pages: list, create, edit, detail with history, and the generic action page."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from evaluations.services import choose_evaluation_route, live_engagement
from greenlist.models import Batch, Role
from greenlist.views import batch_pk

from . import permissions, selectors, services, workflow
from .filters import DeclarationFilter
from .forms import DeclarationForm, TransitionForm
from .models import Declaration

PAGE_SIZE = 20
# Actions done from the generic confirmation page; the others have pages of their own.
GENERIC_ACTIONS = {"submit", "return", "reject", "shortlist", "decline"}


def _require_role(user, role):
    if not user.has_role(role):
        raise PermissionDenied(_("此页面仅限%(r)s使用。") % {"r": Role(role).label})


def _visible_or_404(user, pk) -> Declaration:
    decl = selectors.declaration_detail(user, pk)
    if decl is None:
        raise Http404(_("没有找到该申报，或您无权查看。"))
    return decl


@login_required
def declaration_list(request):
    _require_role(request.user, Role.APPLICANT)
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
    _require_role(request.user, Role.APPLICANT)
    batch = get_object_or_404(Batch, pk=batch_pk(request.GET.get("batch") or request.POST.get("batch")),
                              phase=Batch.Phase.OPEN)
    form = DeclarationForm(request.POST or None, batch=batch)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "agency"}
        agency = form.cleaned_data.get("agency")
        try:
            with transaction.atomic():  # the draft and its evaluation route, or neither
                decl = services.create_declaration(actor=request.user, batch=batch,
                                                   uses_third_party=agency is not None, **data)
                choose_evaluation_route(actor=request.user, declaration=decl, agency=agency)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("草稿已保存。完善内容后请提交申报。"))
            return redirect(decl)
    return render(request, "applications/form.html", {"form": form, "batch": batch, "decl": None})


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
    engagement = live_engagement(decl)
    initial = {"agency": engagement.agency if engagement else None}
    form = DeclarationForm(request.POST or None, instance=decl, batch=decl.batch, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "agency"}
        # The form already wrote the cleaned values onto decl; the service re-reads it under a lock.
        fresh = Declaration.objects.get(pk=decl.pk)
        try:
            with transaction.atomic():
                services.update_declaration(actor=request.user, declaration=fresh, **data)
                choose_evaluation_route(actor=request.user, declaration=fresh, agency=form.cleaned_data.get("agency"))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("修改已保存。"))
            return redirect(decl)
    return render(request, "applications/form.html", {"form": form, "batch": decl.batch, "decl": decl})


@login_required
def declaration_detail(request, pk):
    decl = _visible_or_404(request.user, pk)
    engagement = live_engagement(decl)
    evaluation = engagement.current_evaluation() if engagement else None
    history = selectors.history_for(decl)
    return render(request, "applications/detail.html", {
        "decl": decl,
        "engagement": engagement,
        "evaluation": evaluation,
        "history": history,
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
