"""The first-run checklist: database, contracts, operator, schedule — each step's state and a
button that does it. Shown at start while the set-up is incomplete (until the user unticks
"show at start"), and from Help → Getting started at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.schedule import simple_schedule
from gui import formatting as fmt
from gui import labels
from gui.async_tools import launch, off_thread
from gui.services import Services
from gui.setup.provider_box import checked_url
from runner.build import ProviderNotConfigured
from runner.provider_key import KeySource, read_key

SETTINGS_ORG = "faturas-monitor"


@dataclass(frozen=True, slots=True)
class SetupState:
    db_location: str
    contracts: int
    url: str
    key: KeySource | None  # None: given to the app directly (the demo)
    checked: bool  # this URL passed "Test connection"
    schedule_enabled: bool
    cron: str

    @property
    def provider_ready(self) -> bool:
        return bool(self.url) and self.key is not KeySource.NONE

    @property
    def incomplete(self) -> bool:
        """What makes the checklist open at start: nothing to fetch, or nowhere to fetch from."""
        return self.contracts == 0 or not self.provider_ready


async def gather(services: Services) -> SetupState:
    from storage.contracts import contracts_count

    contracts = await services.query(contracts_count)
    try:
        config = services.provider_config()
        url = config.url
    except ProviderNotConfigured:
        url = str(services.settings.get("provider_url") or "")
    key = None if services.provider_given else (await off_thread(read_key)).source
    return SetupState(services.db_location, contracts, url, key, bool(url) and checked_url() == url,
                      bool(services.settings.get("schedule_enabled", True)),
                      str(services.settings.get("schedule_cron", "")))


def show_at_start() -> bool:
    return QSettings(SETTINGS_ORG, "setup").value("show_at_start", True) in (True, "true", 1, "1")


def set_show_at_start(show: bool) -> None:
    st = QSettings(SETTINGS_ORG, "setup")
    st.setValue("show_at_start", show)
    st.sync()


class FirstRunDialog(QDialog):
    importRequested = Signal()  # noqa: N815
    preferencesRequested = Signal(int)  # noqa: N815  the Preferences page to open

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.state: SetupState | None = None
        self.setWindowTitle(self.tr("Getting started"))
        self.setMinimumWidth(720)
        intro = QLabel(self.tr("Four steps to the first automatic run. Each one can be done again later "
                               "from the File and Settings menus."), self)
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        self.marks: list[QLabel] = []
        self.details: list[QLabel] = []
        titles = (self.tr("Database"), self.tr("Contracts"), self.tr("Operator"), self.tr("Schedule"))
        self.btn_folder = QPushButton(self.tr("Open folder"), self)
        self.btn_import = QPushButton(self.tr("Import contracts…"), self)
        self.btn_provider = QPushButton(self.tr("Set URL and key…"), self)
        self.btn_schedule = QPushButton(self.tr("Change schedule…"), self)
        buttons = (self.btn_folder, self.btn_import, self.btn_provider, self.btn_schedule)
        for row, (title, button) in enumerate(zip(titles, buttons, strict=True)):
            mark = QLabel(self)
            mark.setObjectName(f"stepMark{row}")
            mark.setMinimumWidth(110)
            name = QLabel(f"<b>{title}</b>", self)
            detail = QLabel(self)
            detail.setObjectName(f"stepDetail{row}")
            detail.setWordWrap(True)
            detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(mark, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(detail, row, 2)
            grid.addWidget(button, row, 3)
            self.marks.append(mark)
            self.details.append(detail)
        self.at_start = QCheckBox(self.tr("Show this list at start while a step is missing"), self)
        self.at_start.setChecked(show_at_start())
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.at_start)
        layout.addWidget(box)
        box.rejected.connect(self.reject)
        self.at_start.toggled.connect(set_show_at_start)
        self.btn_folder.clicked.connect(self._open_folder)
        self.btn_import.clicked.connect(self.importRequested)
        self.btn_provider.clicked.connect(lambda: self.preferencesRequested.emit(1))
        self.btn_schedule.clicked.connect(lambda: self.preferencesRequested.emit(2))
        services.dataChanged.connect(self._refresh_later)
        services.settingsChanged.connect(self._refresh_later)

    def _refresh_later(self) -> None:
        if self.isVisible():
            launch(self.refresh())

    async def refresh(self) -> SetupState:
        state = await gather(self.services)
        self.state = state
        self._mark(0, True, self.tr("The data is kept in %1.").replace("%1", state.db_location))
        if state.contracts:
            self._mark(1, True, self.tr("%1 contracts imported.").replace("%1", fmt.number(state.contracts)))
        else:
            self._mark(1, False, self.tr("No contracts yet: import the CSV or .xlsx file the back office "
                                         "exports."))
        self._mark(2, state.provider_ready and (state.checked or state.key is None), self._provider_text(state))
        self._mark(3, state.schedule_enabled, self._schedule_text(state))
        return state

    def _provider_text(self, state: SetupState) -> str:
        if not state.url:
            return self.tr("No portal URL yet.")
        if state.key is KeySource.NONE:
            return self.tr("Portal %1; no key string yet.").replace("%1", state.url)
        where = {
            None: self.tr("given by the demo"),
            KeySource.KEYRING: self.tr("key in the system keyring"),
            KeySource.FILE: self.tr("key in the private key file"),
            KeySource.ENVIRONMENT: self.tr("key from $FATURAS_PROVIDER_KEY"),
        }[state.key]
        tested = self.tr("connection tested") if state.checked else self.tr("connection not tested yet")
        return f"{state.url} — {where}; {tested}."

    def _schedule_text(self, state: SetupState) -> str:
        if not state.schedule_enabled:
            return self.tr("Automatic runs are off.")
        simple = simple_schedule(state.cron)
        if simple is None:
            return self.tr("Automatic runs on the cron schedule %1.").replace("%1", state.cron)
        at = f"{simple.hour:02d}:{simple.minute:02d}"
        if simple.every_day:
            return self.tr("Automatic run every day at %1.").replace("%1", at)
        from PySide6.QtCore import QLocale

        names = ", ".join(QLocale().dayName(7 if d == 0 else d, QLocale.FormatType.ShortFormat)
                          for d in sorted(simple.weekdays, key=lambda d: (d == 0, d)))
        return self.tr("Automatic run at %1 on %2.").replace("%1", at).replace("%2", names)

    def _mark(self, row: int, done: bool, detail: str) -> None:
        mark = self.marks[row]
        mark.setText(self.tr("✔ done") if done else self.tr("● to do"))
        palette = mark.palette()
        palette.setColor(mark.foregroundRole(), labels.GREEN if done else labels.AMBER)
        mark.setPalette(palette)
        self.details[row].setText(detail)

    def _open_folder(self) -> None:
        folder = Path(self.services.db_location).expanduser().resolve().parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
