from django.urls import path

from .views import authors, moderation, posting, reports

app_name = "comments"

urlpatterns = [
    path("moderation/", moderation.moderation_queue, name="moderation"),
    path("moderation/log/", moderation.moderation_log, name="moderation_log"),
    path("moderation/log/<int:pk>/reverse/", moderation.reverse_decision, name="reverse"),
    path("moderation/bans/", moderation.bans, name="bans"),
    path("moderation/bans/<int:pk>/lift/", moderation.lift_ban, name="lift_ban"),
    path("on/<int:pk>/", posting.post_comment, name="post"),
    path("<int:pk>/", posting.permalink, name="permalink"),
    path("<int:pk>/edit/", authors.edit_comment, name="edit"),
    path("<int:pk>/delete/", authors.delete_comment, name="delete"),
    path("<int:pk>/report/", reports.report_comment, name="report"),
    path("confirm/<str:token>/", posting.confirm_email, name="confirm"),
    path("status/<str:token>/", posting.comment_status, name="status"),
    path("mine.json", authors.export_comments, name="export"),
]
