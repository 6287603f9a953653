"""The inventory of personal information is generated from the code's declarations and cannot drift."""

from django.apps import apps
from django.core.management import call_command
from django.db import models

from privacy import inventory


def test_every_personal_looking_field_is_declared():
    assert inventory.undeclared() == []


def test_a_new_personal_field_without_a_declaration_is_caught(monkeypatch):
    person = apps.get_model("referrals", "ReferralPerson")
    field = models.CharField("phone number", max_length=40, blank=True)
    field.set_attributes_from_name("phone_number")
    field.model = person
    monkeypatch.setattr(person._meta, "concrete_fields", (*person._meta.concrete_fields, field))
    assert inventory.undeclared() == ["referrals.ReferralPerson.phone_number"]


def test_every_declaration_names_a_real_field():
    declared = {dotted for dotted, _verbose, _d in inventory.rows()}
    assert declared == set(inventory.PERSONAL)


def test_the_command_writes_the_table_into_the_efvp_template(tmp_path, capsys):
    template = tmp_path / "efvp.md"
    template.write_text("# ÉFVP\n<!-- inventory:start -->\nSTALE-TABLE\n<!-- inventory:end -->\nend\n",
                        encoding="utf-8")
    call_command("data_inventory", "--write", str(template), "--check")
    text = template.read_text(encoding="utf-8")
    assert "STALE-TABLE" not in text and "`referrals.ReferralPerson.full_name`" in text and text.endswith("end\n")


def test_the_committed_efvp_template_is_up_to_date():
    from pathlib import Path

    committed = (Path(__file__).resolve().parents[2] / "docs/privacy/efvp.md").read_text(encoding="utf-8")
    from django.utils import translation

    with translation.override("en"):
        assert inventory.markdown() in committed
