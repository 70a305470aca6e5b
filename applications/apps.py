from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("申报")

    def ready(self):
        # The parts of a submission (applications.submission), in the order the page lists them;
        # the evaluation stage adds the engagement (20) and the self-evaluation (50).
        from . import attachments, details, negative_list, submission  # models are loaded only now

        submission.add_check(submission.missing_fields, order=10)
        submission.add_check(details.check_details, order=30)
        submission.add_check(negative_list.submission_problems, order=40)
        submission.add_check(attachments.submission_problems, order=60)
        submission.add_freezer("details", details.freeze_details)
        submission.add_freezer("negative_list", negative_list.frozen_copy)
        submission.add_freezer("attachments", attachments.freeze)
