from django.urls import path

from yifa.accountability import views

app_name = "accountability"

urlpatterns = [
    path("", views.home, name="home"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/steps/<slug:step>/", views.inquiry_step, name="inquiry-step"),
]
