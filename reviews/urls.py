from django.urls import path

from . import ranking_views, views

app_name = "reviews"
urlpatterns = [
    path("province/", ranking_views.ranking_page, name="province"),
    path("province/declarations/<int:pk>/recommend/", ranking_views.recommend, name="recommend"),
    path("ministry/", views.ministry, name="ministry"),
    path("ministry/batches/<int:batch_pk>/publicity/", views.start_publicity, name="start_publicity"),
    path("ministry/batches/<int:batch_pk>/publish/", views.publish, name="publish"),
    # The province's ranking (R-RANK), summary workbook (R-SUMMARY) and the ministry's overview.
    path("province/declarations/<int:pk>/move/<str:direction>/", ranking_views.move, name="ranking_move"),
    path("province/declarations/<int:pk>/veto/", ranking_views.veto, name="ranking_veto"),
    path("province/batches/<int:batch_pk>/<str:kind>/reorder/", ranking_views.reorder, name="ranking_reorder"),
    path("province/batches/<int:batch_pk>/summary.xlsx", ranking_views.summary_workbook, name="ranking_summary"),
    path("province/batches/<int:batch_pk>/submit/", ranking_views.submit, name="ranking_submit"),
    path("ministry/recommendations/", ranking_views.ministry_overview, name="ministry_recommendations"),
]
