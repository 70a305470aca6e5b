"""Experts are reference data the ministry admin keeps, with their row history; assignments and
reviews are read-only (they change through the ministry's review pages, with history)."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from greenlist.admin import ReadOnlyAdmin

from .models import ExpertAssignment, ExpertProfile


@admin.register(ExpertProfile)
class ExpertProfileAdmin(SimpleHistoryAdmin):
    """The ministry admin registers experts: region and employer decide their conflicts (R-REVIEW-1)."""

    list_display = ("user", "authority", "employer", "employer_name", "specialty", "title")
    list_filter = ("authority",)
    list_select_related = ("user", "authority", "employer")
    search_fields = ("user__full_name", "user__username", "employer__name", "employer_name", "specialty")
    autocomplete_fields = ("user",)
    raw_id_fields = ("employer",)


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "expert", "assigned_at", "score", "opinion", "submitted_at", "withdrawn_at")
    list_filter = ("opinion", "declaration__batch")
    search_fields = ("declaration__unit_name", "expert__username", "expert__full_name")
    list_select_related = ("declaration__batch", "expert")
