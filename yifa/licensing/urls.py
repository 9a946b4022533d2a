from django.urls import path

from yifa.licensing import views

app_name = "licensing"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
    path("licences/", views.licence_list, name="licence_list"),
    path("licences/<int:pk>/", views.licence_detail, name="licence_detail"),
    path("licences/<int:pk>/renewal/", views.renew, name="renew"),
]
