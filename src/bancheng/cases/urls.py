from django.urls import path

from bancheng.cases.views import act, detail, lists, register

app_name = "cases"

urlpatterns = [
    path("", lists.case_list, name="list"),
    path("export.csv", lists.case_export, name="export"),
    path("filters/", lists.filter_save, name="filter_save"),
    path("filters/<int:pk>/delete/", lists.filter_forget, name="filter_forget"),
    path("new/", register.register, name="register"),
    path("new/earlier/", register.earlier_cases, name="earlier"),
    path("<int:pk>/", detail.case_detail, name="detail"),
    path("<int:pk>/reveal/", detail.reveal_requester, name="reveal"),
    path("<int:pk>/documents/<int:document_pk>/", detail.document_download, name="document"),
    path("<int:pk>/act/<slug:code>/", act.act_on_case, name="act"),
    path("<int:pk>/<slug:kind>/<int:target_pk>/act/<slug:code>/", act.act_on_target, name="act_on"),
]
