from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("declarations/", include("applications.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reviews/", include("reviews.urls")),
    path("lists/", include("reviews.public_urls")),
    path("agencies/", include("evaluations.public_urls")),
    path("stats/", include("reviews.stats_urls")),
    path("admin/", admin.site.urls),
    path("notifications/", include("greenlist.inbox_urls")),
    path("verify/", include("reviews.verify_urls")),
    path("publicity/", include("reviews.publicity_urls")),
]

handler403 = "greenlist.views.permission_denied"
handler404 = "greenlist.views.page_not_found"
