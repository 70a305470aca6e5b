"""Engagements, evaluations, scores, agency registrations and reports are read-only here: they
change through the agency's, the applicant's and the ministry's pages, each with its history, and
never by a status or a score set by hand. The indicator sets are reference data (R-EVAL-1) the
ministry admin keeps, with their row history. Uploaded and generated files are private and have no
URL for the admin to link to, so their file fields are left out."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from greenlist.admin import ReadOnlyAdmin

from .models import (
    AgencyProfile,
    Engagement,
    Evaluation,
    Indicator,
    IndicatorScore,
    IndicatorSet,
    SelfEvaluationReport,
)


@admin.register(Engagement)
class EngagementAdmin(ReadOnlyAdmin):
    """Proposed by the applicant, answered by the agency (evaluations.engagements, R-AGENCY-2)."""

    list_display = ("declaration", "agency", "status", "created_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("declaration__unit_name", "declaration__uscc", "agency__name")
    list_select_related = ("declaration__batch", "agency")


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    """Saved and submitted by the agency (evaluations.services.save_evaluation)."""

    list_display = ("engagement", "version", "score", "conclusion", "on_site_date", "submitted_at")
    list_filter = ("conclusion",)
    search_fields = ("engagement__declaration__unit_name", "engagement__agency__name")
    list_select_related = ("engagement__declaration__batch", "engagement__agency")
    exclude = ("report", "summary")


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(ReadOnlyAdmin):
    """Recorded on the self-evaluation and the agency's scoring pages."""

    list_display = ("declaration", "source", "indicator", "met", "points", "value", "updated_at")
    list_filter = ("source", "indicator__indicator_set")
    search_fields = ("declaration__unit_name", "indicator__code", "indicator__name")
    list_select_related = ("declaration__batch", "indicator")


@admin.register(AgencyProfile)
class AgencyProfileAdmin(ReadOnlyAdmin):
    """Registered by the agency, decided and debarred by the ministry (evaluations.registry)."""

    list_display = ("organisation", "legal_person", "status", "qualified_staff", "senior_staff", "decided_at",
                    "debarred_until")
    list_filter = ("status",)
    search_fields = ("organisation__name", "legal_person", "legal_representative")
    list_select_related = ("organisation",)
    exclude = ("evidence",)


@admin.register(SelfEvaluationReport)
class SelfEvaluationReportAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "version", "status", "total", "requested_by", "created_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("declaration__unit_name",)
    list_select_related = ("declaration__batch", "requested_by")
    exclude = ("file",)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("order", "code", "name", "group_code", "type", "unit", "max_points", "baseline", "leading",
              "direction", "years")
    show_change_link = True


@admin.register(IndicatorSet)
class IndicatorSetAdmin(SimpleHistoryAdmin):
    """A scheme's indicators (R-EVAL-1). A declaration keeps the indicators it was scored on."""

    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "indicator_set", "group_name", "type", "max_points", "baseline", "leading",
                    "direction")
    list_filter = ("indicator_set", "type", "direction")
    search_fields = ("code", "name", "group_name")
    list_select_related = ("indicator_set",)
