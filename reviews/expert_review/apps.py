from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertReviewConfig(AppConfig):
    name = "reviews.expert_review"
    label = "expert_review"
    verbose_name = _("专家评审")

    def ready(self):
        from . import workflow  # models are loaded only now

        workflow.register()
