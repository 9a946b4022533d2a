from django.contrib.auth import views as auth_views
from django.urls import include, path

from yifa.web import (
    views,
    views_calendar,
    views_deadline,
    views_forms,
    views_more_forms,
    views_registry,
)

registry_patterns = [
    path("regions/", views_registry.region_list, name="region-list"),
    path("regions/<int:pk>/", views_registry.region_detail, name="region-detail"),
    path("agencies/", views_registry.agency_list, name="agency-list"),
    path("agencies/new/", views_more_forms.agency_create, name="agency-new"),
    path("agencies/<int:pk>/", views_registry.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/edit/", views_more_forms.agency_edit, name="agency-edit"),
    path("units/", views_registry.unit_list, name="unit-list"),
    path("units/new/", views_forms.unit_create, name="unit-new"),
    path("units/<int:pk>/", views_registry.unit_detail, name="unit-detail"),
    path("units/<int:pk>/edit/", views_forms.unit_edit, name="unit-edit"),
    path("posts/", views_registry.post_list, name="post-list"),
    path("posts/new/", views_forms.post_create, name="post-new"),
    path("posts/<int:pk>/", views_registry.post_detail, name="post-detail"),
    path("posts/<int:pk>/edit/", views_forms.post_edit, name="post-edit"),
    path("officers/", views_registry.officer_list, name="officer-list"),
    path("officers/new/", views_forms.officer_create, name="officer-new"),
    path("officers/<int:pk>/", views_registry.officer_detail, name="officer-detail"),
    path("officers/<int:pk>/edit/", views_forms.officer_edit, name="officer-edit"),
    path("officers/<int:pk>/status/", views_forms.officer_status, name="officer-status"),
    path("laws/", views_registry.law_list, name="law-list"),
    path("laws/new/", views_more_forms.law_create, name="law-new"),
    path("laws/<int:pk>/", views_registry.law_detail, name="law-detail"),
    path("laws/<int:pk>/edit/", views_more_forms.law_edit, name="law-edit"),
    path("laws/<int:parent_pk>/provisions/new/", views_more_forms.provision_create, name="provision-new"),
    path("provisions/<int:pk>/edit/", views_more_forms.provision_edit, name="provision-edit"),
    path("provisions/<int:parent_pk>/versions/new/", views_more_forms.version_create, name="version-new"),
    path("versions/<int:pk>/edit/", views_more_forms.version_edit, name="version-edit"),
    path("powers/", views_registry.power_list, name="power-list"),
    path("powers/new/", views_more_forms.power_create, name="power-new"),
    path("powers/<int:pk>/", views_registry.power_detail, name="power-detail"),
    path("powers/<int:pk>/edit/", views_more_forms.power_edit, name="power-edit"),
    path("rules/", views_registry.rule_list, name="rule-list"),
    path("rules/new/", views_more_forms.rule_create, name="rule-new"),
    path("rules/<int:pk>/", views_registry.rule_detail, name="rule-detail"),
    path("rules/<int:pk>/edit/", views_more_forms.rule_edit, name="rule-edit"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("deadline/", views_deadline.deadline, name="deadline"),
    path("calendar/", views_calendar.calendar, name="calendar"),
    path("registry/", include((registry_patterns, "registry"))),
]
