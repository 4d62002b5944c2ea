from django.urls import path

from bancheng.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("export.csv", views.event_export, name="export"),
    path("verify/", views.verify, name="verify"),
]
