from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.engagement_list, name="engagements"),
    path("declarations/<int:pk>/", views.evaluate, name="evaluate"),
    path("reports/<int:pk>/", views.report_download, name="report"),
]
