from django.contrib import admin
from django.urls import include, path

from reviews.expert_review import urls as expert_review_urls
from reviews.lists import urls as list_urls
from reviews.publication import urls as publication_urls
from reviews.recommendation import urls as recommendation_urls
from reviews.supervision import urls as supervision_urls

from . import views

# The officials' pages of every review stage share one URL space and one namespace ("reviews:…"),
# so links and bookmarks did not change when reviews/ became one app per stage.
review_patterns = [
    *recommendation_urls.urlpatterns,
    *expert_review_urls.urlpatterns,
    *publication_urls.urlpatterns,
    *supervision_urls.urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("declarations/", include("applications.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("reviews/", include((review_patterns, "reviews"))),
    path("lists/", include(([*list_urls.list_patterns, *publication_urls.file_patterns], "lists"))),
    path("agencies/", include("evaluations.public_urls")),
    path("stats/", include((list_urls.stats_patterns, "stats"))),
    path("admin/", admin.site.urls),
    path("notifications/", include("greenlist.inbox_urls")),
    path("verify/", include((list_urls.verify_patterns, "verify"))),
    path("publicity/", include((publication_urls.publicity_patterns, "publicity"))),
]

handler403 = "greenlist.views.permission_denied"
handler404 = "greenlist.views.page_not_found"
