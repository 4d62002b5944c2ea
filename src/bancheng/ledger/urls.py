from django.urls import path

from bancheng.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.export, name="export"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("layouts/", views.layouts, name="layouts"),
    path("layouts/new/", views.layout_edit, name="layout_new"),
    path("layouts/<slug:code>/", views.layout_edit, name="layout_edit"),
    path("import/", views.import_page, name="import"),
]
