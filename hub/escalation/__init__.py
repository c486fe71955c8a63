"""Response-time targets, backups and the on-call rota, and the task that escalates referrals
left without advice past their target."""
