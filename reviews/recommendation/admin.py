"""Read-only: ranks, recommendations and submissions change on the province's page only, under
its lock and with history (R-RANK)."""
from django.contrib import admin

from greenlist.admin import ReadOnlyAdmin

from .models import AuthorityRecommendation, RankingPosition, Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "rank", "recommended_by", "recommended_at")
    list_filter = ("declaration__batch", "declaration__authority")
    search_fields = ("declaration__unit_name", "declaration__uscc")
    list_select_related = ("declaration__batch", "recommended_by")


@admin.register(AuthorityRecommendation)
class AuthorityRecommendationAdmin(ReadOnlyAdmin):
    list_display = ("batch", "authority", "submitted_at", "submitted_by")
    list_filter = ("batch", "authority")
    list_select_related = ("batch", "authority", "submitted_by")


@admin.register(RankingPosition)
class RankingPositionAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "position")
    list_filter = ("declaration__batch", "declaration__authority")
    search_fields = ("declaration__unit_name",)
    list_select_related = ("declaration__batch",)
