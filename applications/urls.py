from django.urls import path

from evaluations import views as evaluation_views

from . import attachment_views, negative_list_views, views

app_name = "applications"
urlpatterns = [
    path("", views.declaration_list, name="list"),
    path("new/", views.declaration_create, name="create"),
    path("<int:pk>/", views.declaration_detail, name="detail"),
    path("<int:pk>/edit/", views.declaration_edit, name="edit"),
    path("<int:pk>/self-evaluation/", evaluation_views.self_evaluation, name="self_evaluation"),
    path("<int:pk>/negative-list/", negative_list_views.negative_list_edit, name="negative_list"),
    path("negative-list/evidence/<int:pk>/", negative_list_views.negative_list_evidence,
         name="negative_list_evidence"),
    path("<int:pk>/attachments/", attachment_views.attachment_list, name="attachments"),
    path("<int:pk>/attachments/<int:attachment_pk>/download/", attachment_views.attachment_download,
         name="attachment_download"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", attachment_views.attachment_delete,
         name="attachment_delete"),
    path("<int:pk>/self-evaluation/report/", evaluation_views.self_evaluation_report_request,
         name="self_evaluation_report"),
    path("<int:pk>/self-evaluation/report/status/", evaluation_views.self_evaluation_report_status,
         name="self_evaluation_report_status"),
    path("self-evaluation-reports/<int:report_pk>/download/", evaluation_views.self_evaluation_report_download,
         name="self_evaluation_report_download"),
    # Keep last: the generic action page would otherwise catch every other sub-page.
    path("<int:pk>/<slug:action>/", views.declaration_action, name="action"),
]
