from django.contrib import admin

from .models import Declaration, DeclarationVersion


class VersionInline(admin.TabularInline):
    model = DeclarationVersion
    extra = 0
    readonly_fields = ("number", "data", "submitted_at")
    can_delete = False


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    """Read-only: declarations change only through the workflow."""

    list_display = ("unit_name", "kind", "batch", "authority", "status", "updated_at")
    list_filter = ("batch", "kind", "status", "authority")
    search_fields = ("unit_name", "uscc")
    inlines = [VersionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
