"""Read-only: publicity, objections, the published list and its files change through the
ministry's pages and the public objection form only, each with its history."""
from django.contrib import admin

from greenlist.admin import ReadOnlyAdmin

from .models import ListEntry, Objection, PublicationExport, Publicity


@admin.register(Publicity)
class PublicityAdmin(ReadOnlyAdmin):
    """Started and ended through the ministry's publicity page (R-PUBLICITY)."""

    list_display = ("batch", "starts_on", "ends_on", "started_by")
    list_filter = ("batch",)
    list_select_related = ("batch", "started_by")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("declaration", "name", "status", "created_at", "resolved_at")
    list_filter = ("status",)
    search_fields = ("declaration__unit_name", "name", "contact")
    list_select_related = ("declaration",)
    # The evidence is private and has no URL for the admin to link to.
    exclude = ("evidence",)


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyAdmin):
    """A published list is immutable (R-PUBLISH)."""

    list_display = ("unit_name", "kind", "level", "batch", "authority", "published_on")
    list_filter = ("kind", "level", "batch", "authority")
    search_fields = ("unit_name", "uscc", "public_code")
    list_select_related = ("batch", "authority")


@admin.register(PublicationExport)
class PublicationExportAdmin(ReadOnlyAdmin):
    list_display = ("batch", "format", "status", "entries", "created_at", "finished_at")
    list_filter = ("format", "status")
    list_select_related = ("batch",)
    exclude = ("file",)
