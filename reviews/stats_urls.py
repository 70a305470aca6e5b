from django.urls import path

from . import stats_views

app_name = "stats"
urlpatterns = [
    path("", stats_views.stats_page, name="index"),
    path("<slug:chart>.csv", stats_views.stats_csv, name="csv"),
]
