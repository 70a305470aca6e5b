from django.urls import path

from . import agency_views, engagement_views, views

app_name = "evaluations"
urlpatterns = [
    path("", views.engagement_list, name="engagements"),
    path("declarations/<int:pk>/", views.evaluate, name="evaluate"),
    path("engagements/<int:pk>/", engagement_views.engagement_answer, name="engagement_answer"),
    path("declarations/<int:pk>/scores/", views.third_party_scores, name="scores"),
    path("reports/<int:pk>/", views.report_download, name="report"),
    path("summaries/<int:pk>/", views.summary_download, name="summary"),
    path("agency/profile/", agency_views.my_profile, name="agency_profile"),
    path("agencies/", agency_views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", agency_views.agency_review, name="agency_review"),
    path("agencies/evidence/<int:pk>/", agency_views.evidence_download, name="agency_evidence"),
]

# The applicant's self-evaluation and its report, among the declaration's pages (/declarations/,
# namespace "applications"; composed in greenlist/portal/urls.py).
declaration_patterns = [
    path("<int:pk>/self-evaluation/", views.self_evaluation, name="self_evaluation"),
    path("<int:pk>/self-evaluation/report/", views.self_evaluation_report_request, name="self_evaluation_report"),
    path("<int:pk>/self-evaluation/report/status/", views.self_evaluation_report_status,
         name="self_evaluation_report_status"),
    path("self-evaluation-reports/<int:report_pk>/download/", views.self_evaluation_report_download,
         name="self_evaluation_report_download"),
]
