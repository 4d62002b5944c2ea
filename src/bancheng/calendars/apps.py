from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "bancheng.calendars"
    verbose_name = "工作日历"
