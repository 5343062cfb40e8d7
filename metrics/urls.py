from django.urls import path

from metrics import exports, views

urlpatterns = [
    path("", views.dashboard, name="manager-dashboard"),
    path("export.csv", exports.dashboard_csv, name="manager-export-csv"),
]
