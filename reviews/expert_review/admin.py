"""Experts are reference data the ministry admin keeps; assignments and reviews are read-only
(they change through the ministry's review pages, with history)."""
from django.contrib import admin

from greenlist.admin import ReadOnlyAdmin

from .models import ExpertAssignment, ExpertProfile


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """The ministry admin registers experts: region and employer decide their conflicts (R-REVIEW-1)."""

    list_display = ("user", "authority", "employer", "employer_name", "specialty")
    list_filter = ("authority",)
    search_fields = ("user__full_name", "user__username", "employer__name", "employer_name", "specialty")
    autocomplete_fields = ("user",)
    raw_id_fields = ("employer",)


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "expert", "assigned_at", "score", "submitted_at", "withdrawn_at")
    list_filter = ("opinion",)
    search_fields = ("declaration__unit_name", "expert__username")
