from django.urls import path

from yifa.filereview import views

app_name = "filereview"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/new/", views.new_round, name="new-round"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("files/<int:pk>/", views.file_detail, name="file"),
    path("files/<int:pk>/score/", views.score_file, name="score"),
    path("files/<int:pk>/steps/<slug:step>/", views.file_step, name="file-step"),
    path("self/open/", views.open_self, name="open-self"),
    path("self/<int:pk>/", views.inspection_detail, name="inspection"),
    path("self/<int:pk>/steps/<slug:step>/", views.inspection_step, name="inspection-step"),
]
