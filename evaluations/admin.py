from django.contrib import admin

from .models import Engagement, Evaluation


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ("declaration", "agency", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("declaration__unit_name", "agency__name")


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("engagement", "score", "conclusion", "submitted_at")
    list_filter = ("conclusion",)
