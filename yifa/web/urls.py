from django.urls import path

from yifa.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
