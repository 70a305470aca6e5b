from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.declaration_list, name="list"),
    path("new/", views.declaration_create, name="create"),
    path("<int:pk>/", views.declaration_detail, name="detail"),
    path("<int:pk>/edit/", views.declaration_edit, name="edit"),
    path("<int:pk>/<slug:action>/", views.declaration_action, name="action"),
]
