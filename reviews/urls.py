from django.urls import path

from . import publicity_views, views

app_name = "reviews"
urlpatterns = [
    path("province/", views.province, name="province"),
    path("province/declarations/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("ministry/", views.ministry, name="ministry"),
    path("ministry/batches/<int:batch_pk>/publicity/", views.start_publicity, name="start_publicity"),
    path("ministry/batches/<int:batch_pk>/publish/", views.publish, name="publish"),
    path("ministry/publicity/", publicity_views.ministry_publicity, name="ministry_publicity"),
    path("ministry/batches/<int:batch_pk>/exports/", publicity_views.exports_status, name="exports_status"),
    path("ministry/batches/<int:batch_pk>/exports/request/", publicity_views.exports_request, name="exports_request"),
    path("ministry/objections/", publicity_views.objection_list, name="objections"),
    path("ministry/objections/<int:pk>/", publicity_views.objection_detail, name="objection"),
    path("ministry/objections/<int:pk>/resolve/", publicity_views.objection_resolve, name="objection_resolve"),
    path("ministry/objections/<int:pk>/evidence/", publicity_views.objection_evidence, name="objection_evidence"),
]
