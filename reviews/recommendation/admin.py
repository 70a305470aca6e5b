"""Read-only: ranks, recommendations and submissions change on the province's page only, under
its lock and with history (R-RANK)."""
from django.contrib import admin

from greenlist.admin import ReadOnlyAdmin

from .models import AuthorityRecommendation, RankingPosition, Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "rank", "recommended_by", "recommended_at")
    search_fields = ("declaration__unit_name", "declaration__uscc")


@admin.register(AuthorityRecommendation)
class AuthorityRecommendationAdmin(ReadOnlyAdmin):
    list_display = ("batch", "authority", "submitted_at", "submitted_by")
    list_filter = ("batch", "authority")


@admin.register(RankingPosition)
class RankingPositionAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "position")
    search_fields = ("declaration__unit_name",)
