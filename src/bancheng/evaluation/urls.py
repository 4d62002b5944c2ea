from django.urls import path

from bancheng.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
]
