"""The province's ranking (R-RANK), summary workbook (R-SUMMARY) and the ministry's overview of
the recommendations; mounted under /reviews/ in the "reviews" namespace (greenlist/portal/urls.py)."""
from django.urls import path

from . import views

urlpatterns = [
    path("province/", views.ranking_page, name="province"),
    path("province/declarations/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("province/declarations/<int:pk>/move/<str:direction>/", views.move, name="ranking_move"),
    path("province/declarations/<int:pk>/veto/", views.veto, name="ranking_veto"),
    path("province/declarations/<int:pk>/unrecommend/", views.unrecommend, name="ranking_unrecommend"),
    path("province/batches/<int:batch_pk>/<str:kind>/reorder/", views.reorder, name="ranking_reorder"),
    path("province/batches/<int:batch_pk>/summary.xlsx", views.summary_workbook, name="ranking_summary"),
    path("province/batches/<int:batch_pk>/submit/", views.submit, name="ranking_submit"),
    path("ministry/recommendations/", views.ministry_overview, name="ministry_recommendations"),
]
