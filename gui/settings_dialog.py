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
from gui.services import KEY_ENV, Services, key_file_path

# Shown labels (translated); the declaration's description is the tooltip.
LABELS = {
    "schedule_cron": "Automatic run (cron)",
    "schedule_enabled": "Run automatically",
    "max_attempts": "Attempts before giving up",
    "retry_pass": "Retry failures at the end of a run",
    "concurrency": "Lookups at once",
    "rate_limit": "Lookups per second at most",
    "match_days": "Due-date tolerance (days)",
    "amount_tolerance": "Amount tolerance (R$)",
    "provider_url": "Provider URL",
    "alert_error_share": "Alert above this error share",
    "alert_latency_factor": "Alert when p50 time exceeds (× 7-day median)",
    "alert_throughput_factor": "Alert when throughput falls under (× 7-day median)",
    "mask_documents": "Mask CPF/CNPJ in lists and exports",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


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
        self.setWindowTitle(tr("Preferences"))
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for key, spec in SETTINGS.items():
            value = services.settings.get(key, spec.default)
            editor = _editor(spec, str(value) if isinstance(value, Decimal) else value)
            editor.setToolTip(spec.description)
            editor.setObjectName(f"setting_{key}")
            self.editors[key] = editor
            form.addRow(tr(LABELS.get(key, key)), editor)
        key_note = QLabel(tr("The provider key string is read from $%1 or from the file %2, never stored in "
                             "the database.").replace("%1", KEY_ENV).replace("%2", str(key_file_path())))
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
                problems.append(f"{tr(LABELS.get(key, key))}: {exc}")
        if problems:
            self.error.setText("\n".join(problems))
            return False
        for key, value in values.items():
            if value != self.services.settings.get(key):
                await self.services.save_setting(key, value)
        self.accept()
        return True
