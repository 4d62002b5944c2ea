from django.urls import path

from bancheng.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("review/", views.review, name="review"),
    path("articles/new/", views.article_new, name="new"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="edit"),
    path("articles/<int:pk>/versions/", views.article_versions, name="versions"),
    path("articles/<int:pk>/versions/<int:number>/", views.article_version, name="version"),
    path("articles/<int:pk>/<str:move>/", views.article_move, name="move"),
    path("from-case/<int:case_pk>/", views.draft_from_case, name="from_case"),
    path("cards/article/<int:pk>.pdf", views.article_card, name="article_card"),
    path("cards/item/<int:pk>.pdf", views.item_card, name="item_card"),
]
