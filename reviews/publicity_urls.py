from django.urls import path

from . import publicity_views as views

app_name = "publicity"
urlpatterns = [
    path("", views.publicity_index, name="index"),
    path("<int:pk>/", views.publicity_detail, name="detail"),
    path("<int:pk>/units/<int:declaration_pk>/objection/", views.objection_new, name="object"),
]
