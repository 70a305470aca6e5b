from django.urls import path

from . import views

app_name = "lists"
urlpatterns = [
    path("", views.public_list, name="search"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
