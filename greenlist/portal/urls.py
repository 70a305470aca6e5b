"""The URL conf: every app's pages under their prefixes and namespaces."""
from django.contrib import admin
from django.urls import include, path

from applications import urls as application_urls
from evaluations import urls as evaluation_urls
from reviews.expert_review import urls as expert_review_urls
from reviews.lists import urls as list_urls
from reviews.publication import urls as publication_urls
from reviews.recommendation import urls as recommendation_urls
from reviews.supervision import urls as supervision_urls

from . import views

# The declaration's pages: the applicant's own, the evaluation stage's self-evaluation, and last
# the generic action page, which would otherwise catch the others.
declaration_patterns = [
    *application_urls.urlpatterns,
    *evaluation_urls.declaration_patterns,
    *application_urls.action_patterns,
]

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
    path("declarations/", include((declaration_patterns, "applications"))),
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

handler403 = "greenlist.portal.views.permission_denied"
handler404 = "greenlist.portal.views.page_not_found"
