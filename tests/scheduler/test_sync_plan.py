"""Matching the job store to the sources file."""

from scheduler.sync_plan import plan_sync


def test_add_change_remove_and_keep() -> None:
    plan = plan_sync(
        {"a": "interval[0:00:02]", "b": "cron[minute='0']", "c": "interval[6:00:00]"},
        {"b": "cron[minute='30']", "c": "interval[6:00:00]", "gone": "interval[1:00:00]"},
    )
    assert (plan.add, plan.change, plan.remove, plan.keep) == (["a"], ["b"], ["gone"], ["c"])
    assert plan.summary() == "1 added, 1 changed, 1 removed, 1 kept"
