from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "reviews.supervision"
    label = "supervision"
    verbose_name = _("动态管理与监督")
