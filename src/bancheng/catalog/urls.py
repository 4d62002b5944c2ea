from django.urls import path

from bancheng.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_edit, name="new"),
    path("import/", views.import_items, name="import"),
    path("import/apply/", views.import_apply, name="import_apply"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/active/", views.item_active, name="active"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/notice.docx", views.notice_docx, name="notice_docx"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
]
