from django.urls import path

from yifa.portal import views, views_audit, views_checks, views_decisions

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("agencies/", views.agencies, name="agencies"),
    path("agencies/<int:pk>/", views.agency, name="agency"),
    path("agencies/<int:pk>/statistics/", views.statistics, name="statistics"),
    path("decisions/", views_decisions.decision_list, name="decisions"),
    path("decisions/<int:pk>/", views_decisions.decision, name="decision"),
    path("decisions/<int:pk>/proof.json", views_decisions.decision_proof, name="proof"),
    path("open-data/", views_decisions.open_data, name="open-data"),
    path("open-data/decisions.csv", views_decisions.decisions_csv, name="csv"),
    path("checks/", views_checks.plan_list, name="plans"),
    path("checks/<int:pk>/", views_checks.plan, name="plan"),
    path("roots/", views_audit.root_list, name="roots"),
    path("roots/roots.jsonl", views_audit.roots_jsonl, name="roots-jsonl"),
    path("roots/keyring.json", views_audit.keyring, name="keyring"),
]
