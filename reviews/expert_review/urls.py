"""Expert review (R-REVIEW-1): the ministry assigns and decides, the expert scores; mounted under
/reviews/ in the "reviews" namespace (greenlist/portal/urls.py)."""
from django.urls import path

from . import views

urlpatterns = [
    path("ministry/review/", views.ministry_review, name="ministry_review"),
    path("ministry/review/<int:pk>/", views.ministry_review_detail, name="ministry_review_detail"),
    path("ministry/review/<int:pk>/assign/", views.assign, name="assign_experts"),
    path("ministry/review/<int:pk>/decide/", views.decide, name="decide"),
    path("ministry/review/assignments/<int:pk>/withdraw/", views.withdraw, name="withdraw_expert"),
    path("expert/", views.expert_tasks, name="expert_tasks"),
    path("expert/assignments/<int:pk>/", views.expert_review, name="expert_review"),
]
