from datetime import datetime, time, timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from helpdesk.auth import permission_required
from metrics.forms import PeriodForm
from metrics.selectors import period_summary


def _day_bounds(start_date, end_date):
    """[start of the first day, start of the day after the last) in the current time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(start_date, time.min, tzinfo=tz)
    end = datetime.combine(end_date + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


@require_GET
@permission_required("tickets.view_dashboard")
def dashboard(request):
    form = PeriodForm.from_query(request.GET)
    summary = None
    if form.is_valid():
        start, end = _day_bounds(form.cleaned_data["start"], form.cleaned_data["end"])
        team = form.cleaned_data["team"]
        summary = period_summary(start=start, end=end, team_id=team.pk if team else None)
    return render(request, "metrics/dashboard.html", {"form": form, "summary": summary})
