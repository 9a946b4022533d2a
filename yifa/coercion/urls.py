from django.urls import path

from yifa.coercion import views

app_name = "coercion"

urlpatterns = [
    path("", views.measure_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
    path("<int:pk>/av-record/", views.av_record, name="av_record"),
]
