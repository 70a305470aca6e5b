"""The public face of the lists, mounted by greenlist/portal/urls.py: search, detail and export
(/lists/, namespace "lists"), statistics (/stats/, "stats") and verification (/verify/, "verify")."""
from django.urls import path

from . import views

list_patterns = [
    path("", views.public_list, name="search"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("export.xlsx", views.public_list_export, name="export"),
]

stats_patterns = [
    path("", views.stats_page, name="index"),
    path("<slug:chart>.csv", views.stats_csv, name="csv"),
]

verify_patterns = [
    path("<slug:code>/", views.verify, name="page"),
    path("<slug:code>/qr.png", views.verify_qr, {"fmt": "png"}, name="qr_png"),
    path("<slug:code>/qr.svg", views.verify_qr, {"fmt": "svg"}, name="qr_svg"),
]
