from django.contrib import admin
from django.urls import path

from bancheng.cases import views as case_views

urlpatterns = [
    path("", case_views.home, name="home"),
    path("healthz", case_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
