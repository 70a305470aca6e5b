from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("province/", views.province, name="province"),
    path("province/declarations/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("ministry/", views.ministry, name="ministry"),
    path("ministry/batches/<int:batch_pk>/publicity/", views.start_publicity, name="start_publicity"),
    path("ministry/batches/<int:batch_pk>/publish/", views.publish, name="publish"),
]
