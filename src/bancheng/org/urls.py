from django.urls import path

from bancheng.org import views

app_name = "org"

urlpatterns = [
    path("", views.unit_list, name="units"),
    path("units/new/", views.unit_edit, name="unit_new"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_edit, name="staff_new"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/password/", views.staff_password, name="staff_password"),
    path("absence/", views.absence_board, name="absence"),
    path("absence/<int:pk>/toggle/", views.absence_toggle, name="absence_toggle"),
]
