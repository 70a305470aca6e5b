from django.urls import path

from . import expert_views, views

app_name = "reviews"
urlpatterns = [
    path("province/", views.province, name="province"),
    path("province/declarations/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("ministry/", views.ministry, name="ministry"),
    path("ministry/batches/<int:batch_pk>/publicity/", views.start_publicity, name="start_publicity"),
    path("ministry/batches/<int:batch_pk>/publish/", views.publish, name="publish"),
    # Expert review (R-REVIEW-1)
    path("ministry/review/", expert_views.ministry_review, name="ministry_review"),
    path("ministry/review/<int:pk>/", expert_views.ministry_review_detail, name="ministry_review_detail"),
    path("ministry/review/<int:pk>/assign/", expert_views.assign, name="assign_experts"),
    path("ministry/review/<int:pk>/decide/", expert_views.decide, name="decide"),
    path("ministry/review/assignments/<int:pk>/withdraw/", expert_views.withdraw, name="withdraw_expert"),
    path("expert/", expert_views.expert_tasks, name="expert_tasks"),
    path("expert/assignments/<int:pk>/", expert_views.expert_review, name="expert_review"),
]
