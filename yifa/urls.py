from django.contrib import admin
from django.urls import include, path

from yifa.api.main import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("transfer/", include("yifa.transfer.urls")),
    path("", include("yifa.web.urls")),
]
