from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "greenlist.portal"
    label = "portal"
    verbose_name = _("门户")

    def ready(self):
        # Every process that sets Django up (web, worker, management commands) binds @shared_task
        # to the project's Celery app here; the core package itself stays free of the portal.
        from greenlist import celery  # noqa: F401
