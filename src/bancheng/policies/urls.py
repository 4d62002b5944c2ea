from django.urls import path

from bancheng.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_index, name="index"),
    path("edit/", views.policy_edit, name="edit"),
    path("versions/<int:number>/", views.policy_version, name="version"),
]
