from django.urls import path

from yifa.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.home, name="home"),
    path("compute/", views.compute, name="compute"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/steps/<slug:step>/", views.cycle_step, name="cycle-step"),
    path("cycles/<int:pk>/score/", views.manual_score, name="score"),
    path("corrections/<int:pk>/", views.correction_detail, name="correction"),
    path("corrections/<int:pk>/steps/<slug:step>/", views.correction_step, name="correction-step"),
    path("plans/new/", views.draft_plan, name="plan-new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/steps/<slug:step>/", views.plan_step, name="plan-step"),
    path("plans/<int:pk>/revise/", views.revise_plan, name="plan-revise"),
]
