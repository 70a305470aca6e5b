"""The 附件 page in a real browser: a missing document blocks submission and is named, a renamed
executable is refused, the upload completes the declaration, and after submission the files are
frozen but still downloadable (R-FLOW-2)."""
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from applications.attachments import Attachment
from applications.models import Declaration
from tests.conftest import PDF_BYTES
from tests.e2e.test_walking_skeleton import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_applicant_completes_the_attachments_and_submits(page: Page, live_server, batch, actors, walk, tmp_path):
    base = live_server.url
    decl = walk(batch, until="draft")
    energy_audit = Attachment.objects.get(declaration=decl, purpose="energy_audit")
    login(page, base, actors["applicant"])

    # Remove the energy audit through the confirmation page: the card says it is missing.
    page.goto(f"{base}/declarations/{decl.pk}/attachments/")
    expect(page.get_by_role("heading", name=f"附件：{decl.unit_name}")).to_be_visible()
    page.get_by_role("row").filter(has_text=energy_audit.original_name).get_by_role("link", name="删除").click()
    expect(page.get_by_text(f"确认删除附件“{energy_audit.original_name}”")).to_be_visible()
    page.get_by_role("button", name="确认删除").click()
    expect(page.get_by_text(f"已删除：{energy_audit.original_name}")).to_be_visible()
    missing = page.locator("#required-documents li").filter(has_text="近三年能源审计或节能诊断报告")
    expect(missing.locator(".badge")).to_have_text("缺少")

    # Submission is refused and names the missing document.
    page.goto(f"{base}/declarations/{decl.pk}/submit/")
    page.get_by_role("button", name="确认提交申报").click()
    expect(page.locator("#refusal")).to_contain_text("缺少附件：近三年能源审计或节能诊断报告。")

    # A renamed executable is refused by its content; the real report is accepted.
    page.goto(f"{base}/declarations/{decl.pk}/attachments/")
    fake = tmp_path / "能源审计报告.pdf"
    fake.write_bytes(Path("/bin/true").read_bytes())
    page.get_by_label("附件类型").select_option(label="近三年能源审计或节能诊断报告")
    page.locator("#id_file").set_input_files(fake)
    page.locator("#upload button[type=submit]").click()
    expect(page.locator("#file-errors")).to_contain_text("“能源审计报告.pdf”的内容是可执行程序")
    real = tmp_path / "2023年能源审计报告.pdf"
    real.write_bytes(PDF_BYTES)
    page.get_by_label("附件类型").select_option(label="近三年能源审计或节能诊断报告")
    page.locator("#id_file").set_input_files(real)
    page.locator("#upload button[type=submit]").click()
    expect(page.get_by_text("已上传：2023年能源审计报告.pdf")).to_be_visible()
    expect(page.locator("#required-documents .badge")).to_have_text(["已上传"] * 3)

    page.get_by_role("link", name="返回申报").click()
    page.get_by_role("link", name="提交申报").click()
    page.get_by_role("button", name="确认提交申报").click()
    expect(page.locator(".gl-status").first).to_have_text("已提交")
    assert Declaration.objects.get(pk=decl.pk).status == "submitted"

    # Frozen: no upload form, no delete; the files still download under their names.
    page.locator("#attachments").get_by_role("link", name="查看附件").click()
    expect(page.locator("#frozen")).to_be_visible()
    expect(page.locator("#upload")).to_have_count(0)
    expect(page.get_by_role("link", name="删除")).to_have_count(0)
    with page.expect_download() as download:
        page.locator("#attachment-list").get_by_role("link", name="2023年能源审计报告.pdf").click()
    assert download.value.suggested_filename == "2023年能源审计报告.pdf"
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    assert set(Attachment.objects.filter(declaration=decl).values_list("submitted_in_version", flat=True)) == {1}
