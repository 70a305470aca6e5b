"""The province's ranked recommendation (R-RANK): each recommended declaration with its rank, the
order of the candidates, and the authority's one submission per batch."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Declaration
from greenlist.models import Authority, Batch


class Recommendation(models.Model):
    """A province's recommendation of one declaration, with its place in the ranking (R-RANK)."""

    declaration = models.OneToOneField(Declaration, on_delete=models.CASCADE, related_name="recommendation")
    rank = models.PositiveSmallIntegerField(_("排序"), help_text=_("1 为最强"))
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField(_("推荐时间"), auto_now_add=True)

    class Meta:
        db_table = "reviews_recommendation"  # created by the reviews app before the split
        verbose_name = _("省级推荐")
        verbose_name_plural = _("省级推荐")
        ordering = ["rank"]

    def __str__(self):
        return f"#{self.rank} {self.declaration}"


class AuthorityRecommendation(models.Model):
    """One authority's recommendation for one batch (推荐报送). Created on the first ranking action,
    it carries the history of reorders; once submitted (before the batch's deadline) the ranking,
    recommendations, returns and rejections of that authority in that batch are locked."""

    batch = models.ForeignKey(Batch, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="+")
    authority = models.ForeignKey(Authority, verbose_name=_("推荐单位"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "reviews_authorityrecommendation"  # created by the reviews app before the split
        verbose_name = _("推荐报送")
        verbose_name_plural = _("推荐报送")
        constraints = [models.UniqueConstraint(fields=["batch", "authority"], name="one_recommendation_per_authority")]

    def __str__(self):
        return f"{self.authority} · {self.batch}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class RankingPosition(models.Model):
    """A candidate's place in the official's order (1 = strongest) before it is recommended;
    a recommended declaration is ordered by Recommendation.rank instead."""

    declaration = models.OneToOneField(Declaration, on_delete=models.CASCADE, primary_key=True,
                                       related_name="ranking_position")
    position = models.PositiveIntegerField(_("排序"))

    class Meta:
        db_table = "reviews_rankingposition"  # created by the reviews app before the split
        verbose_name = _("排序位置")
        verbose_name_plural = _("排序位置")

    def __str__(self):
        return f"#{self.position} {self.declaration_id}"
