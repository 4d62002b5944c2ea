from django.urls import re_path

from bancheng.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[^/.]+)" + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/.]+)" + FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[^/.]+)" + FMT, views.token_lookup, name="token"),
]
