"""How SurveyRollup rows split by speed bucket (metrics.rollups writes them; see its
docstring): the one place the dashboard's reads depend on that layout."""

from __future__ import annotations

# Every survey row carries the ticket's first-response and resolution buckets (null: the ticket
# had none), so totals add up every row, and a cut by bucket groups by the bucket's column.
SURVEY_TOTALS: dict = {}
BUCKET_COLUMNS = {"first_response": "first_response_bucket", "resolution": "resolution_bucket"}


def bucket_extra(column: str) -> dict:
    """Extra row filters for a read grouped by ``column``."""
    return {}
