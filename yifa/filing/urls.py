from django.urls import path

from yifa.filing import views

app_name = "filing"

urlpatterns = [
    path("", views.filing_list, name="list"),
    path("<int:pk>/", views.filing_detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.filing_step, name="step"),
    path("criteria/", views.criteria, name="criteria"),
]
