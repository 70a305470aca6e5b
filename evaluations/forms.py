from django import forms
from django.utils.translation import gettext_lazy as _

from greenlist.files import validate_pdf
from greenlist.forms import StyledFormMixin

from .models import Evaluation


class EvaluationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["score", "conclusion", "on_site_date", "recommendations", "report"]
        widgets = {
            "on_site_date": forms.DateInput(attrs={"type": "date"}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            # Not ClearableFileInput: it links to the stored file's URL, and private files have none.
            "report": forms.FileInput(attrs={"accept": "application/pdf"}),
        }
        help_texts = {"report": _("加盖公章的评价报告，PDF 格式，不超过 20 MB")}

    needed_to_submit = frozenset({"score", "conclusion", "report"})  # Evaluation.is_complete

    def clean_report(self):
        report = self.cleaned_data.get("report")
        if report and hasattr(report, "content_type"):  # a new upload, not the stored file
            validate_pdf(report)
        return report

    def clean_score(self):
        score = self.cleaned_data.get("score")
        if score is not None and not 0 <= score <= 100:
            raise forms.ValidationError(_("评价得分应在 0 到 100 之间。"))
        return score


class IndicatorScoresForm(StyledFormMixin, forms.Form):
    """One form for a whole indicator set: the fields of each indicator depend on its type.
    Every field is optional: a draft may be partial; the submit check lists what is missing."""

    GATE_CHOICES = [("", "—"), ("yes", _("满足")), ("no", _("不满足"))]

    def __init__(self, *args, indicators, scores, **kwargs):
        super().__init__(*args, initial=self._initial(indicators, scores), **kwargs)
        self.indicators = indicators
        for ind in indicators:
            for name, field in self._fields_for(ind).items():
                self.fields[f"{ind.code}-{name}"] = field
        self._style()  # the fields exist only now, after StyledFormMixin.__init__ ran

    def _style(self):
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    @staticmethod
    def _fields_for(ind) -> dict:
        decimal = {"required": False, "max_digits": 14, "decimal_places": 4}
        if ind.type == "gate":
            return {"met": forms.ChoiceField(choices=IndicatorScoresForm.GATE_CHOICES, required=False,
                                             label=_("是否满足"))}
        if ind.type == "qualitative":
            return {"points": forms.DecimalField(required=False, min_value=0, max_value=ind.max_points,
                                                 decimal_places=2, label=_("得分"))}
        fields = {}
        if ind.years > 1:
            for year in range(1, ind.years + 1):
                fields[f"y{year}"] = forms.DecimalField(label=_("第%(n)d年") % {"n": year}, **decimal)
        else:
            fields["value"] = forms.DecimalField(label=_("指标值"), **decimal)
        if ind.needs_reference:
            fields["baseline"] = forms.DecimalField(
                label=_("限值") if ind.type == "threshold" else _("基准值"), **decimal)
            if ind.type == "quantitative":
                fields["leading"] = forms.DecimalField(label=_("引领值"), **decimal)
        return fields

    @staticmethod
    def _initial(indicators, scores) -> dict:
        initial = {}
        for ind in indicators:
            row = scores.get(ind.code)
            if row is None:
                continue
            initial[f"{ind.code}-met"] = {True: "yes", False: "no"}.get(row.met, "")
            for name in ("points", "value", "baseline", "leading"):
                initial[f"{ind.code}-{name}"] = getattr(row, name)
            for i, value in enumerate(row.year_values or [], start=1):
                initial[f"{ind.code}-y{i}"] = value
        return initial

    def rows(self):
        """(group name, [(indicator, [bound fields])]) in the set's order, for the template."""
        groups: dict[str, tuple[str, list]] = {}
        for ind in self.indicators:
            bound = [self[name] for name in self.fields if name.startswith(f"{ind.code}-")]
            groups.setdefault(ind.group_code, (ind.group_name, []))[1].append((ind, bound))
        return list(groups.values())

    def entries(self) -> dict[str, dict]:
        """Cleaned values per indicator code, in IndicatorScore's field names."""
        data = self.cleaned_data
        out = {}
        for ind in self.indicators:
            c = ind.code
            if ind.type == "gate":
                out[c] = {"met": {"yes": True, "no": False}.get(data.get(f"{c}-met"))}
            elif ind.type == "qualitative":
                out[c] = {"points": data.get(f"{c}-points")}
            else:
                years = [data.get(f"{c}-y{y}") for y in range(1, ind.years + 1)] if ind.years > 1 else []
                out[c] = {
                    "value": data.get(f"{c}-value"),
                    "year_values": [str(v) if v is not None else None for v in years],
                    "baseline": data.get(f"{c}-baseline"),
                    "leading": data.get(f"{c}-leading"),
                }
        return out
