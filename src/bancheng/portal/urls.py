from django.urls import path

from bancheng.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("report/done/", views.report_done, name="report_done"),
    path("progress/", views.progress, name="progress"),
    path("stats/", views.stats, name="stats"),
]
