"""{% attachment_summary decl can_edit as summary %}: the 附件 card of the declaration page."""
from django import template

from applications import attachments

register = template.Library()


@register.simple_tag
def attachment_summary(decl, can_change) -> dict:
    """What the card shows, in one query: the required documents with the files this user may
    see. `can_change` is attachments.may_change(user, decl), which the page already knows."""
    rows = list(attachments.visible_attachments(decl, can_change=bool(can_change)))
    requirements = attachments.requirements(decl, rows)
    return {
        "requirements": requirements,
        "count": len(rows),
        "evidence_count": sum(1 for a in rows if a.purpose == attachments.EVIDENCE),
        "can_change": bool(can_change),
    }
