from django.urls import path

from . import supervision_views as views

app_name = "verify"
urlpatterns = [
    path("<slug:code>/", views.verify, name="page"),
    path("<slug:code>/qr.png", views.verify_qr, {"fmt": "png"}, name="qr_png"),
    path("<slug:code>/qr.svg", views.verify_qr, {"fmt": "svg"}, name="qr_svg"),
]
