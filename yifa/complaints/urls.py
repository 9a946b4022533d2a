from django.urls import path

from yifa.complaints import views, views_cycles, views_public

app_name = "complaints"

urlpatterns = [
    # public: no login
    path("", views_public.new, name="new"),
    path("status/", views_public.status, name="status"),
    path("status/rate/", views_public.rate, name="rate"),
    # staff
    path("manage/", views.complaint_list, name="list"),
    path("manage/<int:pk>/", views.detail, name="detail"),
    path("manage/<int:pk>/steps/<slug:step>/", views.step, name="step"),
    path("manage/evaluation/", views.evaluation_results, name="results"),
    path("manage/evaluation/new/", views_cycles.cycle_new, name="cycle-new"),
]
