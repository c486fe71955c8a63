"""The teaching library: de-identified copies of answered referrals (see `cases` and `deid`)."""
