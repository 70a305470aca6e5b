"""The declaration and everything filed with it are read-only here: they change only through the
workflow and the applicant's pages, each with its history (R-FLOW-1, R-FLOW-2). The product
standards are reference data the ministry admin keeps. Uploaded files are private and have no URL
for the admin to link to, so their file fields are left out."""
from django.contrib import admin

from greenlist.admin import ReadOnlyAdmin

from .models import (
    Attachment,
    Declaration,
    DeclarationGroupObjectPermission,
    DeclarationUserObjectPermission,
    DeclarationVersion,
    FactoryDetails,
    NegativeListAnswer,
    ParkDetails,
    ProductDetails,
    ProductStandard,
    SupplyChainDetails,
)


class VersionInline(admin.TabularInline):
    model = DeclarationVersion
    extra = 0
    readonly_fields = ("number", "data", "submitted_at")
    can_delete = False


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    """Changes only through applications.workflow.perform."""

    list_display = ("unit_name", "kind", "batch", "authority", "status", "version", "updated_at")
    list_filter = ("batch", "kind", "level", "status", "authority")
    search_fields = ("unit_name", "uscc")
    list_select_related = ("batch", "authority")
    inlines = [VersionInline]


@admin.register(DeclarationVersion)
class DeclarationVersionAdmin(ReadOnlyAdmin):
    """The frozen copy of each submitted version (R-FLOW-2)."""

    list_display = ("declaration", "number", "submitted_at")
    search_fields = ("declaration__unit_name", "declaration__uscc")
    list_select_related = ("declaration__batch",)


class DetailsAdmin(ReadOnlyAdmin):
    """The kind's details of a declaration, saved by applications.details.save_details."""

    list_display = ("declaration", "updated_at")
    list_filter = ("declaration__batch",)
    search_fields = ("declaration__unit_name", "declaration__uscc")
    list_select_related = ("declaration__batch",)


@admin.register(FactoryDetails)
class FactoryDetailsAdmin(DetailsAdmin):
    list_display = ("declaration", "legal_representative", "industry_class", "high_energy_industry", "updated_at")


@admin.register(ProductDetails)
class ProductDetailsAdmin(DetailsAdmin):
    list_display = ("declaration", "product_name", "model_spec", "standard", "updated_at")
    list_select_related = ("declaration__batch", "standard")


@admin.register(ParkDetails)
class ParkDetailsAdmin(DetailsAdmin):
    list_display = ("declaration", "park_level", "management_body", "updated_at")
    list_filter = ("declaration__batch", "park_level")


@admin.register(SupplyChainDetails)
class SupplyChainDetailsAdmin(DetailsAdmin):
    list_display = ("declaration", "core_products", "tier1_supplier_count", "updated_at")


@admin.register(NegativeListAnswer)
class NegativeListAnswerAdmin(ReadOnlyAdmin):
    """Declared by the applicant against its batch's wording (R-VETO-1)."""

    list_display = ("declaration", "item_code", "answer", "evidence_name", "updated_at")
    list_filter = ("answer", "item_code")
    search_fields = ("declaration__unit_name", "declaration__uscc", "item_code")
    list_select_related = ("declaration__batch",)
    exclude = ("evidence",)


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    """Uploaded by the applicant; permanent once submitted. Downloaded through the declaration's
    permission-checked page only."""

    list_display = ("original_name", "declaration", "purpose", "indicator_code", "size", "uploaded_by",
                    "uploaded_at", "submitted_in_version")
    list_filter = ("purpose",)
    search_fields = ("original_name", "declaration__unit_name", "declaration__uscc", "sha256")
    list_select_related = ("declaration__batch", "uploaded_by")
    exclude = ("file",)


@admin.register(DeclarationUserObjectPermission)
class DeclarationUserObjectPermissionAdmin(ReadOnlyAdmin):
    """Who may see or act on which declaration: granted by the workflow, never by hand."""

    list_display = ("content_object", "user", "permission")
    list_filter = ("permission__codename",)
    search_fields = ("content_object__unit_name", "user__username", "user__full_name")
    list_select_related = ("content_object__batch", "user", "permission__content_type")


@admin.register(DeclarationGroupObjectPermission)
class DeclarationGroupObjectPermissionAdmin(ReadOnlyAdmin):
    """The organisations' grants on declarations (their members' access): set by the workflow."""

    list_display = ("content_object", "group", "permission")
    list_filter = ("permission__codename",)
    search_fields = ("content_object__unit_name", "group__name", "group__organisation__name")
    list_select_related = ("content_object__batch", "group", "permission__content_type")


@admin.register(ProductStandard)
class ProductStandardAdmin(admin.ModelAdmin):
    """The 绿色设计产品标准清单 and the batches that accept each standard (R-PRODUCT-1)."""

    list_display = ("code", "name", "joint_codes")
    search_fields = ("code", "name", "joint_codes")
    list_filter = ("batches",)
    filter_horizontal = ("batches",)
