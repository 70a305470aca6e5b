"""Ministry-admin screens for reference data: authorities, industries, batches with quotas,
organisations and users, each with its row history (SimpleHistoryAdmin: who changed which values
when). History and notifications are read-only here as everywhere."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Authority,
    Batch,
    BatchQuota,
    HistoryEntry,
    Industry,
    Membership,
    Notification,
    Organisation,
    User,
)
from .services import add_member


class ReadOnlyAdmin(admin.ModelAdmin):
    """A workflow model: written only by its services, each change with its history row, so the
    admin shows it and never edits, adds or deletes."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("绿色制造名单平台 · 基础数据管理")
admin.site.site_title = _("绿色制造名单平台")


class MembershipInline(admin.TabularInline):
    """Read-only here: membership changes go through MembershipAdmin, i.e. services.add_member,
    which also moves the user between organisation groups (their object permissions)."""

    model = Membership
    extra = 0
    readonly_fields = ("organisation", "title")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organisation", "title")
    list_filter = ("organisation__kind",)
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "user__full_name", "organisation__name")
    autocomplete_fields = ("user", "organisation")

    def save_model(self, request, obj, form, change):
        add_member(organisation=obj.organisation, user=obj.user, roles=[], title=obj.title)

    def has_delete_permission(self, request, obj=None):
        return False  # a deletion would leave the organisation group; deactivate the user instead


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("联系信息"), {"fields": ("full_name", "phone")}),)
    list_display = ("username", "full_name", "email", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "short_name", "kind", "province", "sort_order")
    list_filter = ("kind",)
    search_fields = ("code", "name", "short_name")


@admin.register(Industry)
class IndustryAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin, GuardedModelAdmin):
    list_display = ("name", "kind", "uscc", "authority")
    list_filter = ("kind", "authority")
    search_fields = ("name", "uscc")
    inlines = [MembershipInline]


class BatchQuotaInline(admin.TabularInline):
    """Quotas saved here get their row history too: the history middleware names the user."""

    model = BatchQuota
    extra = 1


@admin.register(Batch)
class BatchAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "year", "phase", "evaluation_mode", "agency_cap", "publicity_days")
    list_filter = ("phase", "evaluation_mode", "year")
    search_fields = ("name", "code")
    inlines = [BatchQuotaInline]


@admin.register(BatchQuota)
class BatchQuotaAdmin(SimpleHistoryAdmin):
    """R-QUOTA (policy): also editable inline on its batch; here for its history and filters."""

    list_display = ("batch", "kind", "authority", "limit")
    list_filter = ("batch", "kind")
    search_fields = ("batch__name", "authority__name")
    list_select_related = ("batch", "authority")


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "content_type", "object_id", "action", "from_state", "to_state", "actor")
    list_filter = ("content_type", "action")
    search_fields = ("action", "note", "actor__username", "actor__full_name")
    date_hierarchy = "at"


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """Written by notify() and marked read or mailed by the inbox and the mail task."""

    list_display = ("created_at", "recipient", "subject", "read_at", "mailed_at")
    list_filter = ("read_at", "mailed_at")
    search_fields = ("subject", "key", "recipient__username")
