"""Publicity, objections, publication and the list files. Three groups, mounted by greenlist/portal/urls.py:
the ministry's pages (/reviews/, namespace "reviews"), the public publicity pages (/publicity/,
namespace "publicity") and the published batch files (/lists/, namespace "lists")."""
from django.urls import path

from . import views

urlpatterns = [
    path("ministry/", views.ministry, name="ministry"),
    path("ministry/batches/<int:batch_pk>/publicity/", views.start_publicity, name="start_publicity"),
    path("ministry/batches/<int:batch_pk>/publish/", views.publish, name="publish"),
    path("ministry/publicity/", views.ministry_publicity, name="ministry_publicity"),
    path("ministry/batches/<int:batch_pk>/exports/", views.exports_status, name="exports_status"),
    path("ministry/batches/<int:batch_pk>/exports/request/", views.exports_request, name="exports_request"),
    path("ministry/objections/", views.objection_list, name="objections"),
    path("ministry/objections/<int:pk>/", views.objection_detail, name="objection"),
    path("ministry/objections/<int:pk>/resolve/", views.objection_resolve, name="objection_resolve"),
    path("ministry/objections/<int:pk>/evidence/", views.objection_evidence, name="objection_evidence"),
]

publicity_patterns = [
    path("", views.publicity_index, name="index"),
    path("<int:pk>/", views.publicity_detail, name="detail"),
    path("<int:pk>/units/<int:declaration_pk>/objection/", views.objection_new, name="object"),
]

file_patterns = [
    path("batches/<int:batch_pk>/list.<str:fmt>", views.export_download, name="batch_file"),
]
