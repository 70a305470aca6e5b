"""The applicant's declaration pages, mounted under /declarations/ in the "applications" namespace
by greenlist/portal/urls.py, which puts the evaluation stage's self-evaluation pages between
these and the generic action page."""
from django.urls import path

from . import attachment_views, negative_list_views, views

urlpatterns = [
    path("", views.declaration_list, name="list"),
    path("new/", views.declaration_create, name="create"),
    path("<int:pk>/", views.declaration_detail, name="detail"),
    path("<int:pk>/edit/", views.declaration_edit, name="edit"),
    path("<int:pk>/negative-list/", negative_list_views.negative_list_edit, name="negative_list"),
    path("negative-list/evidence/<int:pk>/", negative_list_views.negative_list_evidence,
         name="negative_list_evidence"),
    path("<int:pk>/attachments/", attachment_views.attachment_list, name="attachments"),
    path("<int:pk>/attachments/<int:attachment_pk>/download/", attachment_views.attachment_download,
         name="attachment_download"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", attachment_views.attachment_delete,
         name="attachment_delete"),
]

# Keep last: the generic action page would otherwise catch every other sub-page.
action_patterns = [
    path("<int:pk>/<slug:action>/", views.declaration_action, name="action"),
]
