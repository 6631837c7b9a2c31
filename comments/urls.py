from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("moderation/", views.moderation_queue, name="moderation"),
    path("on/<int:pk>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
]
