"""The agency registry: what an agency declares against R-AGENCY-1, the ministry's decision on it,
and its debarment (R-AGENCY-BAN). Only an approved agency that is not debarred can be engaged."""
from __future__ import annotations

import datetime
import unicodedata

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greenlist.files import RandomName, get_private_storage
from greenlist.models import Organisation

# R-AGENCY-1: at least this many full-time staff with intermediate titles or above ...
MIN_QUALIFIED_STAFF = 10
# ... of whom at least this share (in percent) hold senior titles.
MIN_SENIOR_PERCENT = 50


class AgencyProfile(models.Model):
    """An agency's registration (第三方评价机构登记) and the ministry's decision on it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("评价机构"), on_delete=models.CASCADE, related_name="agency_profile",
        limit_choices_to={"kind": Organisation.Kind.AGENCY},
    )
    legal_person = models.CharField(_("法人单位名称"), max_length=200)
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    registered_in_china = models.BooleanField(_("在中华人民共和国境内注册的独立法人"), default=False)
    fixed_office = models.BooleanField(_("有固定的办公场所"), default=False)
    sound_finances = models.BooleanField(_("财务状况良好"), default=False)
    qualified_staff = models.PositiveSmallIntegerField(
        _("中级及以上职称专职人员数"), default=0,
        help_text=_("从事节能、环保、生态、体系评价等工作的专职人员"),
    )
    senior_staff = models.PositiveSmallIntegerField(_("其中高级职称人员数"), default=0)
    experience = models.TextField(_("近五年相关评价经验"), blank=True)
    evidence = models.FileField(
        _("证明材料"), upload_to=RandomName("agency-evidence"), storage=get_private_storage, blank=True
    )
    status = models.CharField(_("审核状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.TextField(_("审核意见"), blank=True)
    debarred_until = models.DateField(_("禁入截止日期"), null=True, blank=True)
    debarment_reason = models.TextField(_("禁入理由"), blank=True)

    class Meta:
        verbose_name = _("评价机构登记")
        verbose_name_plural = _("评价机构登记")
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)

    def save(self, *args, **kwargs):
        # Stored in one spelling, so agencies of one legal person group together (R-AGENCY-CAP).
        self.legal_person = normalise_name(self.legal_person)
        self.legal_representative = normalise_name(self.legal_representative)
        super().save(*args, **kwargs)

    def is_debarred(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.debarred_until is not None and today <= self.debarred_until

    @property
    def debarred(self) -> bool:
        """For templates: debarred today."""
        return self.is_debarred()

    @property
    def engageable(self) -> bool:
        return self.status == self.Status.APPROVED and not self.is_debarred()


def qualification_problems(*, qualified_staff, senior_staff, registered_in_china, fixed_office,
                           sound_finances, experience, **_ignored) -> list[str]:
    """R-AGENCY-1: what the declared conditions lack, each message with the numbers."""
    problems = []
    qualified, senior = qualified_staff or 0, senior_staff or 0
    if qualified < MIN_QUALIFIED_STAFF:
        problems.append(gettext("中级及以上职称专职人员为 %(n)d 人，应不少于 %(m)d 人。")
                        % {"n": qualified, "m": MIN_QUALIFIED_STAFF})
    if senior > qualified:
        problems.append(gettext("高级职称人员（%(s)d 人）不能多于中级及以上职称专职人员（%(n)d 人）。")
                        % {"s": senior, "n": qualified})
    elif qualified and senior * 100 < qualified * MIN_SENIOR_PERCENT:
        problems.append(gettext("高级职称人员为 %(s)d 人，占 %(n)d 人的 %(p).1f%%，应不低于 %(m)d%%。")
                        % {"s": senior, "n": qualified, "p": senior * 100 / qualified, "m": MIN_SENIOR_PERCENT})
    for ticked, label in ((registered_in_china, AgencyProfile._meta.get_field("registered_in_china").verbose_name),
                          (fixed_office, AgencyProfile._meta.get_field("fixed_office").verbose_name),
                          (sound_finances, AgencyProfile._meta.get_field("sound_finances").verbose_name)):
        if not ticked:
            problems.append(gettext("须声明：%(c)s。") % {"c": label})
    if not (experience or "").strip():
        problems.append(gettext("请填写近五年相关评价经验。"))
    return problems


def engageable_agencies(today: datetime.date | None = None):
    """Agencies an applicant may engage now: approved and not debarred (R-AGENCY-1, R-AGENCY-BAN)."""
    today = today or timezone.localdate()
    return (
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY, agency_profile__status=AgencyProfile.Status.APPROVED)
        .exclude(agency_profile__debarred_until__gte=today)
        .order_by("name")
    )


def profile_of(agency: Organisation) -> AgencyProfile | None:
    try:
        return agency.agency_profile
    except AgencyProfile.DoesNotExist:
        return None


def engagement_refusal(agency: Organisation) -> str | None:
    """Why this agency cannot be engaged now, or None."""
    profile = profile_of(agency)
    if profile is None or profile.status != AgencyProfile.Status.APPROVED:
        return gettext("“%(a)s”尚未经工业和信息化部批准为第三方评价机构，不能委托。") % {"a": agency}
    if profile.is_debarred():
        return gettext("“%(a)s”已被禁入（至 %(d)s），不能委托。") % {"a": agency, "d": _date(profile.debarred_until)}
    return None


def normalise_name(value: str) -> str:
    """One spelling per legal person for the cap's grouping: NFKC folds full-width brackets and
    letters, and white space is removed (Chinese names carry none)."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


def submission_refusal(agency: Organisation) -> str | None:
    """R-AGENCY-BAN: a debarred agency's reports are not accepted."""
    profile = profile_of(agency)
    if profile is not None and profile.is_debarred():
        return gettext("贵机构已被禁入（至 %(d)s），禁入期间不能提交评价报告。") % {"d": _date(profile.debarred_until)}
    return None


def _date(value: datetime.date) -> str:
    return gettext("%(y)d年%(m)d月%(d)d日") % {"y": value.year, "m": value.month, "d": value.day}
