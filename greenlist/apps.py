from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GreenlistConfig(AppConfig):
    name = "greenlist"
    verbose_name = _("平台基础数据")

    def ready(self):
        from .roles import ensure_role_groups  # roles reads the models, loaded only now

        post_migrate.connect(ensure_role_groups, dispatch_uid="greenlist.ensure_role_groups")
