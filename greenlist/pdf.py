"""PDF rendering with WeasyPrint. Templates must declare <html lang="zh-CN">: without it the
Japanese glyph forms of the Noto CJK font are chosen for shared ideographs."""
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: loading pango is slow and only reports need it

    html = render_to_string(template, context)
    if 'lang="zh-CN"' not in html[:500]:
        raise ValueError(f"{template} must start with <html lang=\"zh-CN\">")
    return HTML(string=html).write_pdf()
