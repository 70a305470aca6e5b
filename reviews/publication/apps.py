from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "reviews.publication"
    label = "publication"
    verbose_name = _("公示与发布")

    def ready(self):
        from . import workflow  # models are loaded only now

        workflow.register()
