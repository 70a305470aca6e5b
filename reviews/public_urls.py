from django.urls import path

from . import publicity_views, views

app_name = "lists"
urlpatterns = [
    path("", views.public_list, name="search"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("export.xlsx", views.public_list_export, name="export"),
    path("batches/<int:batch_pk>/list.<str:fmt>", publicity_views.export_download, name="batch_file"),
]
