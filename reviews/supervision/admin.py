"""The green-code cut-offs are policy data the ministry admin keeps, with their row history;
everything else of the life on the list is read-only here (written by the unit, the authority and
the jobs, with history)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from greenlist.admin import ReadOnlyAdmin

from .models import (
    DynamicTable,
    GradeScale,
    GreenGrade,
    OverdueFlag,
    Recheck,
    Removal,
    SpotCheck,
    SpotCheckDraw,
)


@admin.register(GradeScale)
class GradeScaleAdmin(SimpleHistoryAdmin):
    """R-GREENCODE's cut-offs (policy data): the latest row of a year or before applies."""

    list_display = ("from_year", "a_plus_percent", "a_percent", "notice")


@admin.register(DynamicTable)
class DynamicTableAdmin(ReadOnlyAdmin):
    list_display = ("entry", "year", "status", "late", "score", "filed_at")
    list_filter = ("year", "status", "late")
    search_fields = ("entry__unit_name", "entry__uscc")
    list_select_related = ("entry",)


@admin.register(OverdueFlag)
class OverdueFlagAdmin(ReadOnlyAdmin):
    list_display = ("entry", "year", "deadline", "flagged_on")
    list_filter = ("year",)
    search_fields = ("entry__unit_name", "entry__uscc")
    list_select_related = ("entry",)


@admin.register(GreenGrade)
class GreenGradeAdmin(ReadOnlyAdmin):
    list_display = ("entry", "year", "grade", "score", "rank", "graded_count")
    list_filter = ("year", "grade")
    search_fields = ("entry__unit_name", "entry__uscc")
    list_select_related = ("entry",)


@admin.register(Recheck)
class RecheckAdmin(ReadOnlyAdmin):
    list_display = ("entry", "cycle", "due_on", "status", "recorded_at")
    list_filter = ("status", "cycle")
    search_fields = ("entry__unit_name", "entry__uscc")
    list_select_related = ("entry",)


@admin.register(Removal)
class RemovalAdmin(ReadOnlyAdmin):
    list_display = ("entry", "reason", "removed_on", "decided_by")
    list_filter = ("reason",)
    search_fields = ("entry__unit_name", "entry__uscc")
    list_select_related = ("entry", "decided_by")


@admin.register(SpotCheckDraw)
class SpotCheckDrawAdmin(ReadOnlyAdmin):
    list_display = ("drawn_on", "size", "kind", "authority", "eligible_count", "drawn_by")
    list_filter = ("kind", "authority")
    list_select_related = ("authority", "drawn_by")


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdmin):
    list_display = ("entry", "draw", "result", "checked_on")
    list_filter = ("result",)
    search_fields = ("entry__unit_name", "entry__uscc")
    list_select_related = ("entry", "draw")
