from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("第三方评价")

    def ready(self):
        # What the declaration's pages and submission need of this stage (applications never
        # imports evaluations): the port, two submission checks, the frozen self-evaluation.
        from applications import evaluation_port, submission

        from . import declaration_pages, engagements, indicators  # models are loaded only now

        evaluation_port.connect(declaration_pages.PORT)
        submission.add_required_part(declaration_pages.missing_agency)
        submission.add_check(engagements.submission_check, order=20)
        submission.add_check(indicators.submission_check, order=50)
        submission.add_freezer("self_evaluation", indicators.freeze)
