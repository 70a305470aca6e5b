from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from greenlist.portal import demo


class Command(BaseCommand):
    help = "Create the demo accounts (one per role), an open batch with declarations in every state, and a published list. Idempotent."

    def handle(self, *args, **options):
        # The demo walk would otherwise mail (print) every transition to the demo accounts.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            created = demo.seed()
        self.stdout.write(self.style.SUCCESS("演示数据已创建。" if created else "演示数据已存在，未重复创建。"))
        self.stdout.write("\n演示账号 / Demo accounts (http://127.0.0.1:8000/accounts/login/):")
        self.stdout.write(f"  {'role':<22} {'username':<10} password")
        for username, role, _name, _email in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {role.value:<22} {username:<10} {demo.DEMO_PASSWORD}")
