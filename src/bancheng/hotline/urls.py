from django.urls import path

from bancheng.hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_page, name="settings"),
    path("export/", views.export, name="export"),
    path("webhook/", views.webhook, name="webhook"),
    path("outbound/", views.outbound_list, name="outbound"),
    path("outbound/<int:pk>/retry/", views.outbound_retry, name="outbound_retry"),
]
