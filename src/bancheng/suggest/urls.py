from django.urls import path

from bancheng.suggest import views

app_name = "suggest"

urlpatterns = [
    path("panel/", views.panel, name="panel"),
]
