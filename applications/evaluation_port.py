"""What the declaration pages need from the evaluation stage, which sits above this app: the
agencies an applicant may choose, the declaration's route (self or third party), its engagement
and the self-evaluation panels, and the indicators evidence can be attached to. The evaluations
app connects its implementation at ready time (evaluations/apps.py), so applications never
imports evaluations."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class EvaluationPort:
    agencies: Callable  # () -> queryset of organisations an applicant may engage (R-AGENCY-1)
    current_agency: Callable  # (declaration) -> the live engagement's agency, or None
    choose_route: Callable  # (*, actor, declaration, agency) -> None (R-FLOW-3)
    engagement: Callable  # (declaration) -> (latest, live engagement or None, its current evaluation or None)
    self_evaluation: Callable  # (declaration, evaluation) -> {"self_evaluation": ..., "comparison": ...}
    indicators: Callable  # (declaration) -> the indicators of its scheme


_port: EvaluationPort | None = None


def connect(port: EvaluationPort) -> None:
    global _port
    _port = port


def evaluation() -> EvaluationPort:
    if _port is None:
        raise ImproperlyConfigured("the evaluations app is not installed: it connects the evaluation port")
    return _port
