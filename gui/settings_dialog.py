"""Preferences: one editor per declared setting (core.settings), validated on save.

The editors are generated from the declarations, so a new setting appears here without GUI
code. The provider key string is not a setting (secrets never go to the database): the
dialog says where it is read from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core.settings import SETTINGS, SettingError, SettingSpec
from gui.async_tools import launch
from gui.i18n import QT_TRANSLATE_NOOP
from gui.services import Services
from runner.build import KEY_ENV, key_file_path

CONTEXT = "SettingsDialog"

# Shown labels, translated in the "SettingsDialog" context; the declaration's description is
# the tooltip.
LABELS = {
    "schedule_cron": QT_TRANSLATE_NOOP("SettingsDialog", "Automatic run (cron)"),
    "schedule_enabled": QT_TRANSLATE_NOOP("SettingsDialog", "Run automatically"),
    "max_attempts": QT_TRANSLATE_NOOP("SettingsDialog", "Attempts before giving up"),
    "retry_pass": QT_TRANSLATE_NOOP("SettingsDialog", "Retry failures at the end of a run"),
    "concurrency": QT_TRANSLATE_NOOP("SettingsDialog", "Lookups at once"),
    "rate_limit": QT_TRANSLATE_NOOP("SettingsDialog", "Lookups per second at most"),
    "match_days": QT_TRANSLATE_NOOP("SettingsDialog", "Due-date tolerance (days)"),
    "amount_tolerance": QT_TRANSLATE_NOOP("SettingsDialog", "Amount tolerance (R$)"),
    "provider_url": QT_TRANSLATE_NOOP("SettingsDialog", "Provider URL"),
    "alert_error_share": QT_TRANSLATE_NOOP("SettingsDialog", "Alert above this error share"),
    "alert_latency_factor": QT_TRANSLATE_NOOP("SettingsDialog", "Alert when p50 time exceeds (× 7-day median)"),
    "alert_throughput_factor": QT_TRANSLATE_NOOP("SettingsDialog",
                                                 "Alert when throughput falls under (× 7-day median)"),
    "mask_documents": QT_TRANSLATE_NOOP("SettingsDialog", "Mask CPF/CNPJ in lists and exports"),
    "report_folder": QT_TRANSLATE_NOOP("SettingsDialog", "Report folder after automatic runs"),
    "report_collection": QT_TRANSLATE_NOOP("SettingsDialog", "Also write the collection list there"),
}

# The declarations' descriptions (core.settings), listed here so lupdate extracts them; the
# tooltip looks the description up by its text, so one changed in core shows in English until
# it is translated again (tests/gui/test_translations.py checks that they are all listed).
DESCRIPTIONS = (
    QT_TRANSLATE_NOOP("SettingsDialog", "When the automatic run starts (cron syntax, local time)."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Whether the app starts automatic runs on the schedule."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Attempts before an invoice is given up (GAVE_UP)."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Take the run's failed invoices again at the end of the run."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Lookups in flight at once."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Most lookups per second sent to the provider."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Due-date tolerance in days when matching."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Amount tolerance in R$ when matching."),
    QT_TRANSLATE_NOOP("SettingsDialog", "The portal base URL (serves /negociar/params)."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Alert when a run's error share exceeds this."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Alert when a run's p50 time exceeds this multiple of the 7-day median."),
    QT_TRANSLATE_NOOP("SettingsDialog",
                      "Alert when a run's throughput falls under this fraction of the 7-day median."),
    QT_TRANSLATE_NOOP("SettingsDialog", "Mask CPF/CNPJ in lists and exports (LGPD)."),
    QT_TRANSLATE_NOOP("SettingsDialog",
                      "Folder where the run report PDF is written after each automatic run (empty: none)."),
    QT_TRANSLATE_NOOP("SettingsDialog",
                      "Also write the collection list PDF into the report folder after each automatic run."),
)


def label_of(key: str) -> str:
    """A setting's shown label in the UI language (its key when it has none)."""
    return QCoreApplication.translate(CONTEXT, LABELS[key]) if key in LABELS else key


def description_of(spec: SettingSpec) -> str:
    """A setting's description (its tooltip) in the UI language, when translated."""
    return QCoreApplication.translate(CONTEXT, spec.description)


def _editor(spec: SettingSpec, value: Any) -> QWidget:
    if spec.kind is bool:
        box = QCheckBox()
        box.setChecked(bool(value))
        return box
    if spec.kind is int:
        spin = QSpinBox()
        spin.setRange(0, 100_000)
        spin.setValue(int(value))
        return spin
    if spec.kind is float:
        dspin = QDoubleSpinBox()
        dspin.setDecimals(2)
        dspin.setRange(0.0, 100_000.0)
        dspin.setValue(float(value))
        return dspin
    edit = QLineEdit(str(value))
    return edit


def _read(widget: QWidget) -> Any:
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDoubleSpinBox):
        return widget.value()
    assert isinstance(widget, QLineEdit)
    return widget.text().strip()


class SettingsDialog(QDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Preferences"))
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for key, spec in SETTINGS.items():
            value = services.settings.get(key, spec.default)
            editor = _editor(spec, str(value) if isinstance(value, Decimal) else value)
            editor.setToolTip(description_of(spec))
            editor.setObjectName(f"setting_{key}")
            self.editors[key] = editor
            form.addRow(label_of(key), editor)
        key_note = QLabel(self.tr("The provider key string is read from $%1 or from the file %2, never stored "
                                  "in the database.").replace("%1", KEY_ENV).replace("%2", str(key_file_path())))
        key_note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: launch(self.save()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(key_note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    async def save(self) -> bool:
        """Validate every field first; store only if all are valid (nothing half-saved)."""
        values: dict[str, Any] = {}
        problems = []
        for key, editor in self.editors.items():
            try:
                values[key] = SETTINGS[key].coerce(_read(editor))
            except SettingError as exc:
                problems.append(self.tr("%1: %2").replace("%1", label_of(key)).replace("%2", str(exc)))
        if problems:
            self.error.setText("\n".join(problems))
            return False
        for key, value in values.items():
            if value != self.services.settings.get(key):
                await self.services.save_setting(key, value)
        self.accept()
        return True
