"""Form styling shared by every form: Bootstrap classes set once here, not in each template."""
from django import forms
from django.http import Http404
from django.utils.translation import gettext as _


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.add_prefix(name)}-errors"


class StyledForm(StyledFormMixin, forms.Form):
    """Base form for django-filter FilterSets (Meta.form)."""


def bound_data(request) -> tuple:
    """(data, files) for a form: bound on every POST, even an empty one (an empty QueryDict is
    falsy, so `request.POST or None` would leave the form unbound and skip validation)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def batch_pk(value) -> int:
    """A ?batch= parameter as a primary key; anything else is a 404, not a 500."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404(_("没有找到该批次。")) from None
