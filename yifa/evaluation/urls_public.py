"""The public circulars (通报), mounted under /portal/circulars/ by yifa.urls."""

from django.urls import path

from yifa.evaluation import views

app_name = "circulars"

urlpatterns = [
    path("", views.circulars, name="list"),
    path("<int:pk>/", views.circular, name="detail"),
]
