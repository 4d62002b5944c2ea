from django.urls import path

from bancheng.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("overrides/", views.override_add, name="override_add"),
    path("overrides/<int:pk>/remove/", views.override_remove, name="override_remove"),
    path("hours/", views.hours_set, name="hours"),
    path("weekend/", views.weekend_set, name="weekend"),
    path("schedule/", views.schedule_import, name="schedule"),
]
