from django.urls import path

from metrics import views

urlpatterns = [path("", views.dashboard, name="manager-dashboard")]
