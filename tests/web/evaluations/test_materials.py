"""A target's materials: its staff submit them, its assigned evaluators read them on the sheet."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hyeopchi.core.errors import InvalidTransitionError
from hyeopchi.evaluations import services
from hyeopchi.evaluations.enums import RoundStatus
from hyeopchi.evaluations.models import Assignment, Evaluator, Material
from tests.factories import UserFactory
from tests.support.helpers import client_for, download, text_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MATERIALS = "/evaluations/example/targets/T1/materials/"


def _pdf(name: str = "실적보고서.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _assigned(example_round: dict[str, Any], code: str = "T1") -> Evaluator:
    return Assignment.objects.filter(target=example_round["targets"][code], voided=False).first().evaluator


def test_the_targets_staff_submit_a_report_for_an_indicator(example_round: dict[str, Any]) -> None:
    staff = client_for(example_round["staff"]["T1"].user)
    response = staff.post(MATERIALS, {"title": "2024 실적보고서", "indicator": "I1", "file": _pdf()})
    assert response.status_code == 302
    material = Material.objects.get()
    assert (material.target.code, material.indicator, material.title, material.size) == (
        "T1",
        "I1",
        "2024 실적보고서",
        len(PDF),
    )
    assert "2024 실적보고서 I1" in text_of(staff.get(MATERIALS))


def test_the_assigned_evaluator_reads_the_material_on_the_score_sheet(example_round: dict[str, Any]) -> None:
    services.add_material(
        actor=example_round["staff"]["T1"], target=example_round["targets"]["T1"], title="증빙자료", upload=_pdf()
    )
    evaluator = client_for(_assigned(example_round).user)
    sheet = text_of(evaluator.get("/evaluations/example/my-assignments/T1/"))
    assert "제출 자료 (1)" in sheet
    assert "증빙자료 평가표 전체" in sheet
    material = Material.objects.get()
    assert download(evaluator.get(f"{MATERIALS}{material.pk}/")) == PDF


def test_an_evaluator_whose_assignment_was_voided_cannot_read_the_material(example_round: dict[str, Any]) -> None:
    services.add_material(
        actor=example_round["staff"]["T1"], target=example_round["targets"]["T1"], title="증빙자료", upload=_pdf()
    )
    material = Material.objects.get()
    evaluator = _assigned(example_round)
    Assignment.objects.filter(target=example_round["targets"]["T1"], evaluator=evaluator).update(voided=True)
    assert client_for(evaluator.user).get(f"{MATERIALS}{material.pk}/").status_code == 403
    assert client_for(UserFactory()).get(MATERIALS).status_code == 403


def test_a_file_of_another_type_is_refused_in_korean(example_round: dict[str, Any]) -> None:
    staff = client_for(example_round["staff"]["T1"].user)
    fake = SimpleUploadedFile("보고서.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = staff.post(MATERIALS, {"title": "보고서", "indicator": "", "file": fake})
    assert response.status_code == 422
    assert "PDF, HWP, HWPX, XLSX, DOCX, PNG, JPEG 파일만 올릴 수 있습니다" in text_of(response)
    assert Material.objects.count() == 0


def test_materials_close_with_scoring(example_round: dict[str, Any]) -> None:
    round_ = example_round["round"]
    round_.status = RoundStatus.PROVISIONAL
    round_.save()
    with pytest.raises(InvalidTransitionError):
        services.add_material(
            actor=example_round["staff"]["T1"], target=example_round["targets"]["T1"], title="늦은 자료", upload=_pdf()
        )
    assert Material.objects.count() == 0
