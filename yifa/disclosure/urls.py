from django.urls import path

from yifa.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
]
