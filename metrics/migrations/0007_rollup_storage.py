"""Storage settings for the rollup tables, which the deltas (metrics/rollups/delta.py) update in
place many times a second under load: free room on each page so an update can stay on its page
(a HOT update, no index entry written), and autovacuum once 2% of the rows are dead rather than
PostgreSQL's default 20% (at a million tickets a 20% backlog of dead rows made the 365-day
dashboard ~10% slower before autovacuum came round)."""

from django.db import migrations

TABLES = ("metrics_createdrollup", "metrics_resolvedrollup", "metrics_surveyrollup")
SETTINGS = (
    "fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, "
    "autovacuum_analyze_scale_factor = 0.02"
)
FORWARD = "".join(f"ALTER TABLE {table} SET ({SETTINGS});" for table in TABLES)
BACKWARD = "".join(
    f"ALTER TABLE {table} RESET (fillfactor, autovacuum_vacuum_scale_factor, "
    f"autovacuum_analyze_scale_factor);"
    for table in TABLES
)


class Migration(migrations.Migration):
    dependencies = [("metrics", "0006_rollup_counts_signed")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
