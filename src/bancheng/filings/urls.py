from django.urls import path

from bancheng.filings import views

app_name = "filings"

urlpatterns = [
    path("", views.filing_home, name="home"),
    path("file/", views.file_now, name="file_now"),
    path("<int:pk>/", views.filing_detail, name="detail"),
    path("<int:pk>/<str:kind>/", views.filing_file, name="file"),
]
