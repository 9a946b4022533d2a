from django.urls import path

from yifa.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/export/", views.download, name="export"),
    path("<slug:kind>/import/", views.upload, name="import"),
]
