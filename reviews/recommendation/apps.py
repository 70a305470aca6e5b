from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationConfig(AppConfig):
    name = "reviews.recommendation"
    label = "recommendation"
    verbose_name = _("省级推荐")

    def ready(self):
        from . import workflow  # models are loaded only now

        workflow.register()
