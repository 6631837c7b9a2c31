"""Every mail the site sends: queued with the work that asks for it, delivered by a task.

`mailing.services.queue_mail()` keeps a message as an `OutgoingMail` row in the caller's
transaction and enqueues `mailing.tasks.deliver` once that transaction commits, so a
rolled-back write sends nothing and a committed one always has its mail waiting. The
task runs in a worker, after the response: no reader waits for a mail server, and a
server that is slow or down costs a retry, never an error page.

A neutral app, as throttling is a neutral package: it imports no app of this project
nor the project package `newsroom`, so accounts and comments both mail through it
without coming to depend on each other. tests/test_dependencies.py checks this.
"""
