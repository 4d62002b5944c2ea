from django.urls import path, re_path

from bancheng.documents import views

app_name = "documents"

urlpatterns = [
    re_path(
        r"^cases/(?P<pk>[0-9]+)/forms/(?P<code>[a-z_]+)\.(?P<fmt>pdf|docx)$",
        views.form_download,
        name="form",
    ),
    re_path(r"^cases/(?P<pk>[0-9]+)/casefile\.(?P<part>pdf|zip)$", views.case_file_download, name="casefile"),
    path("templates/", views.template_list, name="templates"),
    re_path(
        r"^templates/(?P<code>[a-z_]+)/(?P<which>default|current)\.docx$",
        views.template_download,
        name="template_download",
    ),
    path("templates/<slug:code>/upload/", views.template_upload, name="template_upload"),
]
