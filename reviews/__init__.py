"""What officials do after evaluation, one Django app per pipeline stage: recommendation, expert
review, publication, supervision, lists. The package's own app (label "reviews") owns no model any
more: it keeps the migration history that created the tables the stage apps now own."""
