"""Batch policy presets: (policy) values are data on the batch."""
import pytest

from applications.models import Declaration
from greenlist.models import Authority, BatchQuota, EvaluationMode, ListKind
from tests import factories


@pytest.mark.django_db
def test_fifth_batch_preset_quotas_and_cap():
    """R-QUOTA, R-AGENCY-CAP, R-FLOW-3, R-FLOW-4 (2020 fifth batch)."""
    batch = factories.batch("2020-batch5")
    zhejiang = Authority.objects.get(code="33")
    assert batch.quota_for(zhejiang, ListKind.FACTORY) == 30
    assert batch.quota_for(zhejiang, ListKind.PARK) == 3
    assert batch.quota_for(zhejiang, ListKind.SUPPLY_CHAIN) is None
    assert batch.agency_cap == 15
    assert batch.evaluation_mode == EvaluationMode.THIRD_PARTY
    assert set(batch.kinds_open) == set(ListKind.values)


@pytest.mark.django_db
def test_authority_quota_row_overrides_the_batch_default():
    """R-QUOTA: a per-authority row wins over the default; null means no cap."""
    batch = factories.batch("2020-batch5")
    ningbo = Authority.objects.get(code="3302")
    BatchQuota.objects.create(batch=batch, kind=ListKind.FACTORY, authority=ningbo, limit=None)
    assert batch.quota_for(ningbo, ListKind.FACTORY) is None
    assert batch.quota_for(Authority.objects.get(code="33"), ListKind.FACTORY) == 30


@pytest.mark.django_db
def test_2024_and_2025_presets():
    """R-FLOW-3 / R-FLOW-4: 2024 self or third party, no products; 2025 self only, factories and parks."""
    b2024 = factories.batch("2024-measures")
    assert b2024.evaluation_mode == EvaluationMode.SELF_OR_THIRD_PARTY
    assert ListKind.PRODUCT not in b2024.kinds_open
    assert b2024.requires_provincial_listing
    b2025 = factories.batch("2025-390")
    assert b2025.evaluation_mode == EvaluationMode.SELF_ONLY
    assert sorted(b2025.kinds_open) == sorted([ListKind.FACTORY, ListKind.PARK])
    assert b2025.quotas.count() == 0


@pytest.mark.django_db
def test_self_only_batch_skips_third_party(actors, walk):
    """R-FLOW-3: in a 2025 batch, 'submitted' goes straight to the province."""
    from applications import workflow
    from reviews.recommendation.services import recommend

    batch = factories.batch("2025-390")
    decl = walk(batch, until="submitted")
    assert decl.uses_third_party is False
    with pytest.raises(workflow.TransitionRefused) as refused:
        workflow.perform(decl, "evaluate", actor=actors["reviewer"])
    assert refused.value.code == "not_in_policy"
    assert "不经过“提交第三方评价”环节" in refused.value.message
    recommend(actor=actors["province"], declaration=decl)
    assert Declaration.objects.get(pk=decl.pk).status == "recommended"
