"""The 附件 page of a declaration: the kind's required documents and what is still missing, the
uploaded files, the upload form and the delete confirmation while the declaration is editable,
and the download, which checks permission before it streams a byte."""
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from greenlist.files import DOCUMENT_TYPES, human_size, validate_document
from greenlist.forms import StyledFormMixin, bound_data

from . import attachments, selectors, workflow
from .editing import require_editable
from .evaluation_port import evaluation

_ACCEPT = ",".join(f".{ext}" for ext, _label in DOCUMENT_TYPES.values()) + ",.jpeg"


class AttachmentForm(StyledFormMixin, forms.Form):
    purpose = forms.ChoiceField(label=gettext_lazy("附件类型"))
    indicator_code = forms.ChoiceField(
        label=gettext_lazy("对应指标"), required=False,
        help_text=gettext_lazy("佐证材料可注明对应的评价指标"),
    )
    # Not ClearableFileInput: it links to the stored file's URL, and private files have none.
    file = forms.FileField(label=gettext_lazy("文件"), widget=forms.FileInput(attrs={"accept": _ACCEPT}))

    def __init__(self, *args, kind: str, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = [("", "---------")] + attachments.purposes_for(kind)
        # Only indicators of the declaration's own set can be named (its scheme, R-EVAL-1).
        self.fields["indicator_code"].choices = [("", "—")] + [(i.code, f"{i.code} {i.name}") for i in indicators]
        self.fields["file"].help_text = _("PDF、JPG/PNG 图片、Excel（xlsx）或 Word（docx），不超过 %(m)s") % {
            "m": human_size(settings.UPLOAD_MAX_BYTES)}

    def clean(self):
        data = super().clean()
        upload, purpose = data.get("file"), data.get("purpose")
        if upload and purpose:
            try:
                validate_document(upload, allowed=attachments.allowed_types(purpose))
            except ValidationError as exc:
                self.add_error("file", exc)
        return data


def _visible_or_404(user, pk):
    decl = selectors.declaration_detail(user, pk)
    if decl is None:
        raise Http404(_("没有找到该申报，或您无权查看。"))
    return decl


def _editable_or_refuse(user, decl):
    require_editable(user, decl, frozen=attachments.FROZEN_ATTACHMENTS)


@login_required
@require_http_methods(["GET", "POST"])
def attachment_list(request, pk):
    decl = _visible_or_404(request.user, pk)
    can_change = attachments.may_change(request.user, decl)
    form = None
    if request.method == "POST":
        _editable_or_refuse(request.user, decl)
    if can_change:
        form = AttachmentForm(*bound_data(request), kind=decl.kind,
                              indicators=evaluation().indicators(decl))
    if request.method == "POST" and form.is_valid():
        try:
            attachment = attachments.upload_attachment(
                actor=request.user, declaration=decl, purpose=form.cleaned_data["purpose"],
                upload=form.cleaned_data["file"], indicator_code=form.cleaned_data["indicator_code"],
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("已上传：%(n)s") % {"n": attachment.original_name})
            return redirect("applications:attachments", pk=decl.pk)
    rows = list(attachments.visible_attachments(decl, can_change=can_change))
    return render(request, "applications/attachments.html", {
        "decl": decl,
        "attachments": rows,
        "requirements": attachments.requirements(decl, rows),
        "form": form,
        "can_change": can_change,
    })


def _attachment_or_404(user, pk, attachment_pk):
    decl = _visible_or_404(user, pk)
    can_change = attachments.may_change(user, decl)
    attachment = attachments.visible_attachments(decl, can_change=can_change).filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("没有找到该附件，或您无权查看。"))
    return decl, attachment


@login_required
def attachment_download(request, pk, attachment_pk):
    _decl, attachment = _attachment_or_404(request.user, pk, attachment_pk)
    return FileResponse(attachment.file.open("rb"), content_type=attachment.content_type, as_attachment=True,
                        filename=attachment.download_name)


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk, attachment_pk):
    """A confirmation page, then the POST that deletes; refusals are a 403 with the reason."""
    decl, attachment = _attachment_or_404(request.user, pk, attachment_pk)
    _editable_or_refuse(request.user, decl)
    if attachment.is_submitted:
        raise workflow.TransitionRefused(
            _("附件“%(n)s”已随第 %(v)d 版提交，不能删除。") % {
                "n": attachment.original_name, "v": attachment.submitted_in_version},
            code="frozen",
        )
    if request.method == "POST":
        try:
            attachments.delete_attachment(actor=request.user, attachment=attachment)
        except ValidationError:  # deleted meanwhile (a double click): the outcome wanted
            pass
        messages.success(request, _("已删除：%(n)s") % {"n": attachment.original_name})
        return redirect(reverse("applications:attachments", args=[decl.pk]))
    return render(request, "applications/attachment_delete.html", {"decl": decl, "attachment": attachment})

