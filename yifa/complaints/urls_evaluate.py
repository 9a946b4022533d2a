from django.urls import path

from yifa.complaints import views_public

app_name = "evaluate"

urlpatterns = [
    path("", views_public.evaluation_index, name="index"),
    path("<int:pk>/", views_public.questionnaire, name="questionnaire"),
]
