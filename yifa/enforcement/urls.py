from django.urls import path

from yifa.enforcement import views

app_name = "enforcement"

urlpatterns = [
    path("", views.enforcement_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
]
