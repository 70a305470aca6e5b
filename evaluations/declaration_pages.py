"""What the applicant's declaration pages (applications) show and do of the evaluation stage:
the agencies on offer, the route chosen with the declaration, its engagement and evaluation, and
the self-evaluation panels. Connected to applications.evaluation_port in apps.py."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from applications.evaluation_port import EvaluationPort

from . import agencies, engagements, indicators, services


def current_agency(declaration):
    engagement = services.live_engagement(declaration)
    return engagement.agency if engagement else None


def engagement(declaration):
    """(latest, live, its current evaluation): the live engagement, or else the last one declined,
    which the submission check reads too."""
    latest = engagements.latest_engagement(declaration)
    live = latest if latest and latest.status in services.LIVE else None
    return latest, live, (live.current_evaluation() if live else None)


def self_evaluation(declaration, evaluation) -> dict:
    return {
        "self_evaluation": indicators.result(declaration),
        "comparison": indicators.comparison(declaration) if evaluation and evaluation.submitted_at else None,
    }


def missing_agency(declaration, ctx) -> str | None:
    """A third-party declaration names its agency among the missing fields until it has one."""
    if declaration.uses_third_party and engagements.engagement_in(declaration, ctx) is None:
        return _("第三方评价机构")
    return None


PORT = EvaluationPort(
    agencies=agencies.engageable_agencies,
    current_agency=current_agency,
    choose_route=services.choose_evaluation_route,
    engagement=engagement,
    self_evaluation=self_evaluation,
    indicators=lambda declaration: indicators.indicators_of(indicators.scheme_for(declaration)),
)
