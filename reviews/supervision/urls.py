"""Life on the list: rechecks, spot checks, removal (R-RECHECK, R-SPOT, R-REMOVE), dynamic
management and the green code (R-DYN-1, R-GREENCODE); mounted under /reviews/ in the "reviews"
namespace (greenlist/portal/urls.py)."""
from django.urls import path

from .views import checks, dynamic

urlpatterns = [
    path("rechecks/", checks.rechecks, name="rechecks"),
    path("rechecks/<int:pk>/", checks.recheck_record, name="recheck_record"),
    path("ministry/spot-checks/", checks.spot_checks, name="spot_checks"),
    path("ministry/spot-checks/<int:pk>/", checks.spot_check_draw, name="spot_check_draw"),
    path("ministry/spot-checks/results/<int:pk>/", checks.spot_check_result, name="spot_check_result"),
    path("ministry/listed/", checks.listed_units, name="listed_units"),
    path("ministry/listed/<int:pk>/remove/", checks.remove, name="remove"),
    path("dynamic/", dynamic.unit_list, name="dynamic_units"),
    path("dynamic/<int:entry_pk>/<int:year>/", dynamic.unit_form, name="dynamic_form"),
    path("dynamic/tables/<int:pk>/", dynamic.table_detail, name="dynamic_table"),
    path("dynamic/tables/<int:pk>/review/", dynamic.review, name="dynamic_review"),
    path("dynamic/authority/", dynamic.authority_list, name="dynamic_authority"),
    path("dynamic/overdue/", dynamic.overdue_list, name="dynamic_overdue"),
    path("dynamic/ministry/", dynamic.ministry_overview, name="dynamic_ministry"),
    path("dynamic/ministry/grades/", dynamic.compute_year_grades, name="dynamic_grades"),
]
