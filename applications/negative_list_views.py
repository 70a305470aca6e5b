"""The 否决项声明 page (R-VETO-1): one form per item of the batch's wording, saved all at once,
and the evidence download behind a permission check."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from greenlist.files import DOCUMENT_TYPES
from greenlist.forms import StyledFormMixin

from . import frozen, negative_list, permissions, selectors, workflow
from .negative_list import NegativeListAnswer, validate_evidence


class NegativeListItemForm(StyledFormMixin, forms.Form):
    """One item. A draft may leave an item unanswered; submission lists it (R-VETO-1)."""

    answer = forms.ChoiceField(label=gettext_lazy("声明"), choices=NegativeListAnswer.Answer.choices,
                               required=False, widget=forms.RadioSelect)
    explanation = forms.CharField(label=gettext_lazy("情况说明"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    # Not ClearableFileInput: it links to the stored file's URL, and private files have none.
    evidence = forms.FileField(label=gettext_lazy("证明材料"), required=False,
                               widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
                               help_text=gettext_lazy("PDF 或 JPG、PNG 图片，不超过 20 MB"))

    def __init__(self, *args, item: negative_list.Item, current: NegativeListAnswer | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.current = current
        self.fields["answer"].widget.attrs["class"] = "form-check-input"

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            validate_evidence(evidence)
        return evidence

    def clean(self):
        data = super().clean()
        has_evidence = data.get("evidence") or (self.current and self.current.evidence)
        if data.get("answer") == NegativeListAnswer.Answer.YES and not (data.get("explanation", "").strip()
                                                                         or has_evidence):
            self.add_error("explanation", _("选择“是”时，请填写情况说明或上传证明材料。"))
        return data


def _editable_or_refuse(user, pk):
    decl = selectors.declaration_detail(user, pk)
    if decl is None:
        raise Http404(_("没有找到该申报，或您无权查看。"))
    if not permissions.has_perm(user, "applications.change_declaration", decl):
        raise PermissionDenied(_("您无权修改该申报。"))
    if not decl.is_editable:
        raise workflow.TransitionRefused(
            _("申报已提交（状态：%(s)s），内容已冻结，不能修改。") % {"s": decl.get_status_display()}, code="frozen"
        )
    return decl


@login_required
@require_http_methods(["GET", "POST"])
def negative_list_edit(request, pk):
    decl = _editable_or_refuse(request.user, pk)
    rows = negative_list.rows_for(decl)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    forms_ = [
        NegativeListItemForm(data, files, prefix=row.item.code, item=row.item, current=row.answer,
                             initial={"answer": row.answer.answer, "explanation": row.answer.explanation}
                             if row.answer else None)
        for row in rows
    ]
    error = None
    if request.method == "POST" and all([f.is_valid() for f in forms_]):
        answers = {f.item.code: f.cleaned_data for f in forms_ if f.cleaned_data["answer"]}
        try:
            negative_list.declare_negative_list(actor=request.user, declaration=decl, answers=answers)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("否决项声明已保存。"))
            for f in forms_:
                if f.cleaned_data["answer"] == NegativeListAnswer.Answer.YES:
                    messages.warning(request, _("否决项“%(item)s”为“是”，不能提交申报。") % {"item": f.item.wording})
            return redirect(decl)
    first, last = negative_list.years_for(decl.batch)
    return render(request, "applications/negative_list.html", {
        "decl": decl, "rows": list(zip(rows, forms_, strict=True)), "error": error,
        "first_year": first, "last_year": last,
    })


@login_required
def negative_list_evidence(request, pk):
    """An evidence file, to whoever may see its declaration; while a returned declaration is
    revised, a file uploaded since its submission is the applicant's alone (R-FLOW-2)."""
    answer = NegativeListAnswer.objects.select_related("declaration").filter(pk=pk).first()
    if answer is None or not answer.evidence or not permissions.can_view(request.user, answer.declaration):
        raise Http404(_("没有找到该文件。"))
    if not frozen.shows_draft_to(request.user, answer.declaration) \
            and answer.evidence.name != frozen.submitted_evidence(answer):
        raise Http404(_("没有找到该文件。"))
    extension = answer.evidence.name.rsplit(".", 1)[-1]
    content_type = next((mime for mime, (ext, _label) in DOCUMENT_TYPES.items() if ext == extension),
                        "application/octet-stream")
    return FileResponse(answer.evidence.open("rb"), as_attachment=True, content_type=content_type,
                        filename=answer.evidence_name or answer.evidence.name.rsplit("/", 1)[-1])
