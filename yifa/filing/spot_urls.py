from django.urls import path

from yifa.filing import views

app_name = "spotchecks"

urlpatterns = [
    path("", views.spot_list, name="list"),
    path("<int:pk>/", views.spot_detail, name="detail"),
    path("items/<int:pk>/", views.spot_result, name="result"),
]
