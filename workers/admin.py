from django.contrib import admin

from .models import DailyRun, Worker
from .queue import queue_states


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    """The task queue at a glance: each queue's waiting jobs and its oldest one, above the
    workers that answer (a queue that only grows with no worker alive is the alarm)."""

    list_display = ("__str__", "queues", "started_at", "seen_at", "alive")
    change_list_template = "admin/workers/worker/change_list.html"

    @admin.display(boolean=True, description="Answering")
    def alive(self, worker):
        return worker.is_alive

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "queues": queue_states()}
        return super().changelist_view(request, extra_context=extra_context)


@admin.register(DailyRun)
class DailyRunAdmin(admin.ModelAdmin):
    list_display = ("day", "enqueued_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
