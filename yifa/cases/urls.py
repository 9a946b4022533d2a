from django.urls import path

from yifa.cases import views, views_simple

app_name = "cases"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("all/", views.all_cases, name="all"),
    path("new/", views.new, name="new"),
    path("simple/new/", views_simple.new_simple, name="simple_new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/steps/<slug:step>/", views.step, name="step"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/preservations/", views.preserve, name="preserve"),
    path("<int:pk>/preservations/<int:preservation_id>/decide/", views.preservation_decide,
         name="preservation_decide"),
    path("<int:pk>/documents/<slug:kind>/", views.document_generate, name="document_generate"),
    path("<int:pk>/documents/<slug:kind>/preview/", views.document_preview, name="document_preview"),
    path("<int:pk>/documents/<int:doc_id>/pdf/", views.document_pdf, name="document_pdf"),
    path("<int:pk>/files/<str:sha256>/", views.case_file_download, name="file_download"),
    path("<int:pk>/file/", views.case_file, name="file"),
]
