from django.urls import path

from yifa.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("all/", views.all_cases, name="all"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
]
