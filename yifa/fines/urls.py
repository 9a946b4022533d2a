from django.urls import path

from yifa.fines import views

app_name = "fines"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("statements/", views.statements, name="statements"),
    path("surcharge/", views.surcharge, name="surcharge"),
    path("property/", views.property_register, name="property"),
]
