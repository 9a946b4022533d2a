from django.urls import path

from yifa.randomcheck import views

app_name = "randomcheck"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
    path("items/<int:pk>/inspection/", views.item_inspection, name="item_inspection"),
    path("entities/", views.entities, name="entities"),
    path("inspectors/", views.inspectors, name="inspectors"),
    path("recusals/", views.recusals, name="recusals"),
]
