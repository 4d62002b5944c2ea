from django.urls import path

from bancheng.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("data.json", views.data, name="data"),
    path("supervision/", views.supervision, name="supervision"),
]
