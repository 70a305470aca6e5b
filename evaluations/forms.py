from django import forms
from django.utils.translation import gettext_lazy as _

from greenlist.files import validate_pdf
from greenlist.forms import StyledFormMixin

from .models import Evaluation


class EvaluationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        # The score is not typed in: it is computed from the agency's indicator-by-indicator scoring.
        fields = ["conclusion", "on_site_date", "recommendations", "report"]
        widgets = {
            "on_site_date": forms.DateInput(attrs={"type": "date"}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
            # Not ClearableFileInput: it links to the stored file's URL, and private files have none.
            "report": forms.FileInput(attrs={"accept": "application/pdf"}),
        }
        help_texts = {"report": _("加盖公章的评价报告，PDF 格式，不超过 20 MB")}

    needed_to_submit = frozenset({"conclusion", "report"})  # with the scoring: Evaluation.is_complete

    def clean_report(self):
        report = self.cleaned_data.get("report")
        if report and hasattr(report, "content_type"):  # a new upload, not the stored file
            validate_pdf(report)
        return report


class IndicatorScoresForm(StyledFormMixin, forms.Form):
    """One form for a whole indicator set: the fields of each indicator depend on its type.
    Every field is optional: a draft may be partial; the submit check lists what is missing."""

    GATE_CHOICES = [("", "—"), ("yes", _("满足")), ("no", _("不满足"))]

    def __init__(self, *args, indicators, scores, first_year: int | None = None, **kwargs):
        super().__init__(*args, initial=self._initial(indicators, scores), **kwargs)
        self.indicators = indicators
        self.first_year = first_year
        for ind in indicators:
            for name, field in self._fields_for(ind, first_year).items():
                self.fields[f"{ind.code}-{name}"] = field
        self._style()  # the fields exist only now, after StyledFormMixin.__init__ ran

    def _style(self):
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else "form-control form-control-sm"
            field.widget.attrs["class"] = css

    @staticmethod
    def _fields_for(ind, first_year: int | None) -> dict:
        # Indicator values are amounts, rates and shares: never negative, a share at most 100 %.
        decimal = {"required": False, "max_digits": 14, "decimal_places": 4, "min_value": 0}
        if ind.unit == "%":
            decimal["max_value"] = 100
        if ind.type == "gate":
            return {"met": forms.ChoiceField(choices=IndicatorScoresForm.GATE_CHOICES, required=False,
                                             label=_("是否满足"))}
        if ind.type == "qualitative":
            return {"points": forms.DecimalField(required=False, min_value=0, max_value=ind.max_points,
                                                 decimal_places=2, label=_("得分"))}
        fields = {}
        if ind.years > 1:
            # Oldest first: the last one is the latest year, the one that is scored (R-EVAL-4).
            for year in range(1, ind.years + 1):
                label = (_("%(y)d年") % {"y": first_year + year - 1}) if first_year else _("第%(n)d年") % {"n": year}
                fields[f"y{year}"] = forms.DecimalField(label=label, **decimal)
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

    def clean(self):
        data = super().clean()
        for ind in self.indicators:
            if not (ind.type == "quantitative" and ind.needs_reference):
                continue
            baseline, leading = data.get(f"{ind.code}-baseline"), data.get(f"{ind.code}-leading")
            if baseline is None or leading is None or baseline == leading:
                continue
            if (leading > baseline) != (ind.direction == "higher"):
                message = (_("该指标越高越好，引领值应高于基准值。") if ind.direction == "higher"
                           else _("该指标越低越好，引领值应低于基准值。"))
                self.add_error(f"{ind.code}-leading", message)
        return data

    def entries(self) -> dict[str, dict]:
        """Cleaned values per indicator code, in IndicatorScore's field names; only indicators
        whose fields were posted, so a partial POST cannot wipe the rest."""
        data = self.cleaned_data
        out = {}
        for ind in self.indicators:
            c = ind.code
            if not any(key.startswith(f"{c}-") for key in self.data):
                continue
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
