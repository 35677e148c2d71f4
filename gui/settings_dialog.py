"""Preferences: one editor per declared setting (core.settings), validated on save.

The editors are generated from the declarations, so a new setting appears here without GUI
code; the provider (URL, key string, connection test) and the schedule have pages of their own
(gui.setup), and the theme is a per-user display choice (gui.theme). The key string is not a
setting (secrets never go to the database): it goes to the OS keyring or the private key file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.schedule import ScheduleError
from core.settings import SETTINGS, SettingError, SettingSpec
from gui import labels
from gui.async_tools import launch
from gui.i18n import QT_TRANSLATE_NOOP
from gui.services import Services
from gui.setup.provider_box import ProviderBox
from gui.setup.schedule_box import ScheduleBox
from gui.theme import Theme, apply_theme, save_theme, saved_theme
from runner.provider_key import KeyStoreError

CONTEXT = "SettingsDialog"
_OWN_PAGES = ("provider_url", "schedule_cron", "schedule_enabled")  # edited on their own pages

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
    """Preferences in four pages: General (the generated editors), Operator (URL, key, test),
    Schedule, Appearance."""

    GENERAL, PROVIDER, SCHEDULE, APPEARANCE = range(4)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(620)
        self.editors: dict[str, QWidget] = {}
        form = QFormLayout()
        for key, spec in SETTINGS.items():
            if key in _OWN_PAGES:
                continue
            value = services.settings.get(key, spec.default)
            editor = _editor(spec, str(value) if isinstance(value, Decimal) else value)
            editor.setToolTip(description_of(spec))
            editor.setObjectName(f"setting_{key}")
            self.editors[key] = editor
            form.addRow(label_of(key), editor)
        general = QWidget(self)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(form)
        general_layout.addStretch(1)
        setting = services.settings.get
        self.provider = ProviderBox(str(setting("provider_url", SETTINGS["provider_url"].default)), self)
        self.schedule = ScheduleBox(str(setting("schedule_cron", SETTINGS["schedule_cron"].default)),
                                    bool(setting("schedule_enabled", SETTINGS["schedule_enabled"].default)), self)
        appearance = QWidget(self)
        self.theme = QComboBox(appearance)
        self.theme.setObjectName("theme")
        for theme, text in ((Theme.SYSTEM, self.tr("Follow the system")), (Theme.LIGHT, self.tr("Light")),
                            (Theme.DARK, self.tr("Dark"))):
            self.theme.addItem(text, theme.value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(saved_theme().value)))
        appearance_form = QFormLayout(appearance)
        appearance_form.addRow(self.tr("Theme"), self.theme)
        self.pages = QTabWidget(self)
        self.pages.addTab(general, self.tr("General"))
        self.pages.addTab(self.provider, self.tr("Operator"))
        self.pages.addTab(self.schedule, self.tr("Schedule"))
        self.pages.addTab(appearance, self.tr("Appearance"))
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        error_palette = self.error.palette()
        error_palette.setColor(QPalette.ColorRole.WindowText, labels.RED)  # toned for the palette: AA contrast
        self.error.setPalette(error_palette)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: launch(self.save()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.provider.keyForgotten.connect(lambda: launch(services.load_key()))
        launch(self.provider.load())

    def show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)

    def _values(self) -> tuple[dict[str, Any], list[str]]:
        values: dict[str, Any] = {}
        problems = []
        raw: dict[str, Any] = {key: _read(editor) for key, editor in self.editors.items()}
        raw["provider_url"] = self.provider.url.text().strip()
        raw["schedule_enabled"] = self.schedule.enabled.isChecked()
        try:
            raw["schedule_cron"] = self.schedule.expression()
        except ScheduleError as exc:
            problems.append(self.tr("%1: %2").replace("%1", label_of("schedule_cron")).replace("%2", str(exc)))
        for key, value in raw.items():
            try:
                values[key] = SETTINGS[key].coerce(value)
            except SettingError as exc:
                problems.append(self.tr("%1: %2").replace("%1", label_of(key)).replace("%2", str(exc)))
        return values, problems

    async def save(self) -> bool:
        """Validate every field first; store only if all are valid (nothing half-saved). The key
        string goes to the keyring (or the key file), never to the database."""
        values, problems = self._values()
        if problems:
            self.error.setText("\n".join(problems))
            return False
        try:
            if await self.provider.save_key() is not None:
                await self.services.load_key()
        except KeyStoreError as exc:
            self.show_page(self.PROVIDER)
            self.error.setText(self.tr("The key was not saved: %1").replace("%1", str(exc)))
            return False
        for key, value in values.items():
            if value != self.services.settings.get(key):
                await self.services.save_setting(key, value)
        chosen = Theme(str(self.theme.currentData()))
        if chosen is not saved_theme():
            save_theme(chosen)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, chosen)
        self.accept()
        return True
