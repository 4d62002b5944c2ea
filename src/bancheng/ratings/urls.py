from django.urls import path

from bancheng.ratings import views

app_name = "ratings"

urlpatterns = [
    path("", views.rating_index, name="index"),
    path("<int:pk>/act/<slug:code>/", views.act_on_review, name="act"),
    path("appeals/<int:pk>/decide/", views.decide, name="decide"),
]
