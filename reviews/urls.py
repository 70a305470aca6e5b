from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("province/", views.province, name="province"),
    path("province/declarations/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("ministry/", views.ministry, name="ministry"),
    path("ministry/batches/<int:batch_pk>/publicity/", views.start_publicity, name="start_publicity"),
    path("ministry/batches/<int:batch_pk>/publish/", views.publish, name="publish"),
]

from . import dynamic_views  # noqa: E402

urlpatterns += [
    path("dynamic/", dynamic_views.unit_list, name="dynamic_units"),
    path("dynamic/<int:entry_pk>/<int:year>/", dynamic_views.unit_form, name="dynamic_form"),
    path("dynamic/tables/<int:pk>/", dynamic_views.table_detail, name="dynamic_table"),
    path("dynamic/tables/<int:pk>/review/", dynamic_views.review, name="dynamic_review"),
    path("dynamic/authority/", dynamic_views.authority_list, name="dynamic_authority"),
    path("dynamic/overdue/", dynamic_views.overdue_list, name="dynamic_overdue"),
    path("dynamic/ministry/", dynamic_views.ministry_overview, name="dynamic_ministry"),
    path("dynamic/ministry/grades/", dynamic_views.compute_year_grades, name="dynamic_grades"),
]
