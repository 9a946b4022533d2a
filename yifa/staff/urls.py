from django.urls import path

from yifa.staff import views

app_name = "staff"

urlpatterns = [
    path("password/", views.password_change, name="password"),
    path("staff/", views.staff_list, name="list"),
    path("staff/new/", views.staff_new, name="new"),
    path("staff/<int:pk>/", views.staff_detail, name="detail"),
    path("audit/users/<int:pk>/", views.user_trail, name="user-trail"),
    path("audit/records/<str:kind>/<int:pk>/", views.record_trail, name="record-trail"),
]
