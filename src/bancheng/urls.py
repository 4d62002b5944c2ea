from django.contrib import admin
from django.urls import include, path

from bancheng.api.api import api
from bancheng.cases.views import home as case_home
from bancheng.portal import views as portal
from bancheng.web import views as web

handler400 = "bancheng.web.views.bad_request"
handler403 = "bancheng.web.views.forbidden"
handler404 = "bancheng.web.views.not_found"
handler500 = "bancheng.web.views.server_error"

urlpatterns = [
    path("", case_home.home, name="home"),
    path("healthz", case_home.healthz, name="healthz"),
    path("login/", web.SignInView.as_view(), name="sign_in"),
    path("logout/", web.SignOutView.as_view(), name="sign_out"),
    path("cases/", include("bancheng.cases.urls")),
    path("audit/", include("bancheng.audit.urls")),
    path("documents/", include("bancheng.documents.urls")),
    path("ledger/", include("bancheng.ledger.urls")),
    path("stats/", include("bancheng.stats.urls")),
    path("evaluation/", include("bancheng.evaluation.urls")),
    path("dashboard/", include("bancheng.dashboard.urls")),
    path("filings/", include("bancheng.filings.urls")),
    path("ratings/", include("bancheng.ratings.urls")),
    path("notifications/", include("bancheng.notifications.urls")),
    path("reports/", include("bancheng.reports.urls")),
    path("recurring/", include("bancheng.recurring.urls")),
    path("knowledge/", include("bancheng.knowledge.urls")),
    path("setup/org/", include("bancheng.org.urls")),
    path("setup/policy/", include("bancheng.policies.urls")),
    path("setup/calendar/", include("bancheng.calendars.urls")),
    path("portal/", include("bancheng.portal.urls")),
    # fixed public addresses: the intake form's QR code and the rating SMS point here
    path("progress/<str:number>/", portal.progress_entry, name="progress"),
    path("rate/<str:token>/", portal.rate, name="rate"),
    path("api/v1/", api.urls),
    path("setup/api/", include("bancheng.api.urls")),
    path("open311/v2/", include("bancheng.open311.urls")),
    path("hotline/", include("bancheng.hotline.urls")),
    path("search/", include("bancheng.search.urls")),
    path("catalog/", include("bancheng.catalog.urls")),
    path("suggest/", include("bancheng.suggest.urls")),
    path("admin/", admin.site.urls),
]
