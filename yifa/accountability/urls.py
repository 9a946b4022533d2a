from django.urls import path

from yifa.accountability import views

app_name = "accountability"

urlpatterns = [
    path("", views.home, name="home"),
    path("remedies/", views.remedies, name="remedies"),
    path("remedies/<int:pk>/outcome/", views.remedy_outcome, name="remedy-outcome"),
    path("cases/<int:pk>/remedies/", views.remedy_new, name="remedy-new"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry"),
    path("inquiries/<int:pk>/steps/<slug:step>/", views.inquiry_step, name="inquiry-step"),
]
