"""The scoring code (R-EVAL-1…4), one module for every kind: pure functions from an indicator set
and what was recorded for it to points per indicator, per group, a total out of 100, and vetoes.
It reads no database; callers pass indicators and their recorded values."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
HUNDRED = Decimal("100")


@dataclass
class Recorded:
    """What was recorded for one indicator (an IndicatorScore, or a plain stand-in in tests)."""

    met: bool | None = None
    points: Decimal | None = None
    value: Decimal | None = None
    year_values: list = field(default_factory=list)
    baseline: Decimal | None = None
    leading: Decimal | None = None


@dataclass
class ItemResult:
    indicator: object
    points: Decimal
    max_points: Decimal
    complete: bool
    vetoed: bool = False
    fraction: Decimal | None = None  # quantitative: share of the way from baseline to leading


@dataclass
class GroupResult:
    code: str
    name: str
    points: Decimal = ZERO
    max_points: Decimal = ZERO
    items: list[ItemResult] = field(default_factory=list)


@dataclass
class ScoreResult:
    total: Decimal
    groups: list[GroupResult]
    vetoes: list[str]  # names of the requirements not met
    missing: list[str]  # names of indicators with nothing (or not enough) recorded

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def passed_requirements(self) -> bool:
        return not self.vetoes


def _q(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def latest_value(indicator, recorded: Recorded) -> Decimal | None:
    """Parks record the last three years (oldest first) and are scored on the latest."""
    if indicator.years > 1:
        values = [v for v in (recorded.year_values or []) if v not in (None, "")]
        return Decimal(str(values[-1])) if len(values) == indicator.years else None
    return recorded.value


def reference(indicator, recorded: Recorded) -> tuple[Decimal | None, Decimal | None]:
    """The indicator's own baseline/leading value, or the ones entered from the guideline/standard."""
    if indicator.baseline is not None:
        return indicator.baseline, indicator.leading
    return recorded.baseline, recorded.leading


def fraction(value: Decimal, baseline: Decimal, leading: Decimal) -> Decimal:
    """0 at the baseline, 1 at the leading value or beyond, linear between. The same formula serves
    'lower is better', where the leading value is below the baseline (the form refuses reference
    values that run against the indicator's direction)."""
    share = (value - baseline) / (leading - baseline)
    return max(ZERO, min(Decimal(1), share))


def reaches(value: Decimal, limit: Decimal, direction: str) -> bool:
    return value >= limit if direction == "higher" else value <= limit


def score_item(indicator, recorded: Recorded | None) -> ItemResult:
    max_points = Decimal(indicator.max_points)
    result = ItemResult(indicator=indicator, points=ZERO, max_points=max_points, complete=False)
    if recorded is None:
        return result
    kind = indicator.type
    if kind == "gate":
        result.complete = recorded.met is not None
        result.vetoed = recorded.met is False
    elif kind == "qualitative":
        if recorded.points is not None:
            result.complete = True
            result.points = _q(max(ZERO, min(max_points, Decimal(recorded.points))))
    else:
        value = latest_value(indicator, recorded)
        baseline, leading = reference(indicator, recorded)
        if value is None or baseline is None or (kind == "quantitative" and leading is None):
            return result
        result.complete = True
        if kind == "quantitative" and leading == baseline:
            # No range to score along: the leading value reached (in the indicator's direction) is full.
            result.fraction = Decimal(1) if reaches(value, leading, indicator.direction) else ZERO
            result.points = _q(max_points * result.fraction)
        elif kind == "quantitative":
            result.fraction = fraction(value, baseline, leading)
            result.points = _q(max_points * result.fraction)
        else:  # threshold: the standard's limit must be reached
            met = reaches(value, baseline, indicator.direction)
            result.vetoed = not met
            result.points = max_points if met else ZERO
    return result


def score(indicators, recorded: dict[str, Recorded]) -> ScoreResult:
    """Score an indicator set. `recorded` maps indicator codes to what was recorded.
    The total is the points out of the set's maximum, scaled to 100 (every set but the product
    set is already out of 100) and given to one decimal, as scores are published; a veto does not
    zero the total, it is reported beside it."""
    groups: dict[str, GroupResult] = {}
    vetoes, missing = [], []
    for indicator in indicators:
        item = score_item(indicator, recorded.get(indicator.code))
        group = groups.setdefault(indicator.group_code, GroupResult(indicator.group_code, indicator.group_name))
        group.items.append(item)
        group.points += item.points
        group.max_points += item.max_points
        if item.vetoed:
            vetoes.append(indicator.name)
        if not item.complete:
            missing.append(indicator.name)
    maximum = sum((g.max_points for g in groups.values()), ZERO)
    points = sum((g.points for g in groups.values()), ZERO)
    total = (points * HUNDRED / maximum).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if maximum else ZERO
    return ScoreResult(total=total, groups=list(groups.values()), vetoes=vetoes, missing=missing)
