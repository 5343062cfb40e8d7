from django.urls import path

from metrics.api import views

urlpatterns = [path("dashboard/", views.DashboardApi.as_view(), name="api-metrics-dashboard")]
