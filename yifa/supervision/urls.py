from django.urls import path

from yifa.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.home, name="home"),
    path("alerts/", views.alert_list, name="list"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/steps/<slug:step>/", views.alert_step, name="alert-step"),
    path("alerts/<int:pk>/notice/", views.send_notice, name="send-notice"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/steps/<slug:step>/", views.notice_step, name="notice-step"),
]
