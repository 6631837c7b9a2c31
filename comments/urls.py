from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/log/", views.moderation_log, name="moderation_log"),
    path("moderation/log/<int:pk>/reverse/", views.reverse_decision, name="reverse"),
    path("moderation/bans/", views.bans, name="bans"),
    path("moderation/bans/<int:pk>/lift/", views.lift_ban, name="lift_ban"),
    path("on/<int:pk>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/edit/", views.edit_comment, name="edit"),
    path("<int:pk>/delete/", views.delete_comment, name="delete"),
    path("<int:pk>/report/", views.report_comment, name="report"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm"),
    path("status/<str:token>/", views.comment_status, name="status"),
    path("mine.json", views.export_comments, name="export"),
]
