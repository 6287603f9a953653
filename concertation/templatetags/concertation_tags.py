"""What the partner space adds to other apps' pages: the tables' work next to the matrix's gaps and overlaps,
and the actions an organisation carries on its role page. Both show only what the visitor may see
(nothing to anonymous visitors) and cost a fixed number of queries."""

from django import template

from concertation.models import OPEN_STATUSES, ActionItem, Decision

register = template.Library()


@register.simple_tag(takes_context=True)
def matrix_work(context, matrix):
    """{step pk: {"actions": [open actions], "decision": last decision}} for the matrix's gaps and overlaps."""
    request = context.get("request")
    user = getattr(request, "user", None)
    rows = list(getattr(matrix, "gaps", [])) + list(getattr(matrix, "overlaps", []))
    step_ids = [row.step.pk for row in rows]
    if user is None or not user.is_authenticated or not step_ids:
        return {}
    work = {pk: {"actions": [], "decision": None} for pk in step_ids}
    for action in (ActionItem.objects.visible_to(user).filter(step_id__in=step_ids, status__in=OPEN_STATUSES)
                   .select_related("owner", "table").order_by("due_date", "pk")):
        work[action.step_id]["actions"].append(action)
    for decision in (Decision.objects.visible_to(user).filter(step_id__in=step_ids)
                     .select_related("table").order_by("step_id", "-decided_on", "-pk").distinct()):
        if work[decision.step_id]["decision"] is None:
            work[decision.step_id]["decision"] = decision
    return work


@register.filter
def work_for(work, step):
    return (work or {}).get(step.pk)


@register.inclusion_tag("concertation/_organization_actions.html", takes_context=True)
def organization_actions(context, organization):
    request = context.get("request")
    user = getattr(request, "user", None)
    actions = []
    if user is not None and user.is_authenticated:
        actions = list(ActionItem.objects.visible_to(user).filter(owner=organization, status__in=OPEN_STATUSES)
                       .select_related("table", "step").order_by("due_date", "pk")[:20])
    return {"actions": actions, "organization": organization}


@register.inclusion_tag("concertation/_workspace_tab.html")
def partner_space_tab(current: bool = False):
    """The partner space's tab in another workspace's navigation (its words live in this app's catalogue)."""
    return {"current": current}


@register.inclusion_tag("concertation/_account_link.html", takes_context=True)
def shared_space_link(context):
    """The shared space in the header's account links, for signed-in people: two clicks to any document."""
    user = getattr(context.get("request"), "user", None)  # absent on error pages rendered before authentication
    return {"show": bool(user is not None and user.is_authenticated)}
