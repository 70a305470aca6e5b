from django.contrib import admin

from .models import Declaration, DeclarationVersion, ProductStandard


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


@admin.register(ProductStandard)
class ProductStandardAdmin(admin.ModelAdmin):
    """The 绿色设计产品标准清单 and the batches that accept each standard (R-PRODUCT-1)."""

    list_display = ("code", "name", "joint_codes")
    search_fields = ("code", "name", "joint_codes")
    list_filter = ("batches",)
    filter_horizontal = ("batches",)
