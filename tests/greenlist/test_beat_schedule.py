"""Every periodic job in the beat schedule names a registered task, runs at a Beijing-time hour,
and each job of issue 6 is on it."""
from greenlist.celery import app


def test_every_scheduled_job_is_a_registered_task():
    app.loader.import_default_modules()
    missing = [entry["task"] for entry in app.conf.beat_schedule.values() if entry["task"] not in app.tasks]
    assert missing == []


def test_the_life_on_the_list_jobs_are_scheduled():
    tasks = {entry["task"].rsplit(".", 1)[1] for entry in app.conf.beat_schedule.values()}
    assert {"schedule_rechecks", "remind_waiting_engagements", "remind_recommendation_deadlines",
            "remind_dynamic_tables", "flag_overdue_dynamic_tables", "compute_green_grades"} <= tasks
    assert app.conf.timezone == "Asia/Shanghai"
