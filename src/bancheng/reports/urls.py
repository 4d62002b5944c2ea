from django.urls import path

from bancheng.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/findings/", views.edit_findings, name="findings"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/download.<str:fmt>", views.download, name="download"),
]
