from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """The migrations that created the review tables (0001–0008) and the one that handed them to
    the stage apps (0009). Kept installed so that existing databases and new ones share one history."""

    name = "reviews"
    verbose_name = _("推荐、审核与名单")
