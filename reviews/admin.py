from django.contrib import admin

from .models import (
    DynamicTable,
    ExpertProfile,
    GradeScale,
    GreenGrade,
    ListEntry,
    Objection,
    OverdueFlag,
    Publicity,
    Recommendation,
)


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the unit, the authority and the jobs only, each with its history row."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(_ReadOnlyAdmin):
    """Ranks change on the province's page only, under its lock and with history (R-RANK)."""

    list_display = ("declaration", "rank", "recommended_by", "recommended_at")


@admin.register(Publicity)
class PublicityAdmin(_ReadOnlyAdmin):
    """Started and ended through the ministry's publicity page (R-PUBLICITY)."""

    list_display = ("batch", "starts_on", "ends_on", "started_by")


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ("declaration", "name", "status", "created_at")
    list_filter = ("status",)
    # Decisions go through the ministry's objection pages (history, the workflow); the evidence is
    # private and has no URL for the admin to link to.
    exclude = ("evidence",)
    readonly_fields = ("publicity", "declaration", "name", "contact", "grounds", "status", "resolution",
                       "evidence_name", "evidence_type", "evidence_size", "ip_address", "resolved_by", "resolved_at")

    def has_add_permission(self, request):
        return False


@admin.register(ListEntry)
class ListEntryAdmin(_ReadOnlyAdmin):
    """Read-only: a published list is immutable (R-PUBLISH)."""

    list_display = ("unit_name", "kind", "batch", "authority", "published_on")
    list_filter = ("kind", "batch", "authority")
    search_fields = ("unit_name", "uscc")


@admin.register(GradeScale)
class GradeScaleAdmin(admin.ModelAdmin):
    """R-GREENCODE's cut-offs (policy data): the latest row of a year or before applies."""

    list_display = ("from_year", "a_plus_percent", "a_percent", "notice")


@admin.register(DynamicTable)
class DynamicTableAdmin(_ReadOnlyAdmin):
    list_display = ("entry", "year", "status", "late", "score", "filed_at")
    list_filter = ("year", "status", "late")
    search_fields = ("entry__unit_name", "entry__uscc")


@admin.register(OverdueFlag)
class OverdueFlagAdmin(_ReadOnlyAdmin):
    list_display = ("entry", "year", "deadline", "flagged_on")
    list_filter = ("year",)


@admin.register(GreenGrade)
class GreenGradeAdmin(_ReadOnlyAdmin):
    list_display = ("entry", "year", "grade", "score", "rank", "graded_count")
    list_filter = ("year", "grade")
    search_fields = ("entry__unit_name",)


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """The ministry admin registers experts: region and employer decide their conflicts (R-REVIEW-1)."""

    list_display = ("user", "authority", "employer", "employer_name", "specialty")
    list_filter = ("authority",)
    search_fields = ("user__full_name", "user__username", "employer__name", "employer_name", "specialty")
    autocomplete_fields = ("user",)
    raw_id_fields = ("employer",)
