"""Work on articles and photos that runs after the response, on a worker (django.tasks)."""

from django.tasks import task

from .models import Photo


@task(queue_name="media")
def make_photo_renditions(photo_id: int) -> bool:
    """Make the resized copies of a photo's current image, if they are not made yet.

    Enqueued by Photo.save() once an upload (or a new image) is committed. Safe to run
    twice or after a worker was killed halfway (see Photo.make_missing_renditions); a
    photo deleted meanwhile is left alone. Returns whether renditions were recorded.
    """
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return False
    return photo.make_missing_renditions()
