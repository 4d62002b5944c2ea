from django.urls import path

from bancheng.hotline import views

app_name = "hotline"
urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
]
