from django.urls import path

from bancheng.recurring import views

app_name = "recurring"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/analyse/", views.analyse, name="analyse"),
    path("<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("<int:pk>/article/", views.article, name="article"),
]
