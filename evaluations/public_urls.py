from django.urls import path

from . import agency_views

app_name = "agencies"
urlpatterns = [
    path("", agency_views.public_list, name="list"),
]
