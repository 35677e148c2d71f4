"""Preferences → Operator: the portal URL, the key string (kept in the OS keyring, or in a
private file when there is none) and "Test connection", run off the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.provider.connection_check import ConnectionCheck, Verdict, check_connection
from gui.async_tools import launch, off_thread
from gui.setup.connection_text import describe, technical
from runner import provider_key
from runner.provider_key import FoundKey, KeySource

log = logging.getLogger(__name__)

SETTINGS_ORG = "faturas-monitor"
CHECK_TIMEOUT = 10.0  # seconds each request of the check may wait


def remember_check(url: str, check: ConnectionCheck) -> None:
    """The first-run checklist shows whether this URL passed a check."""
    st = QSettings(SETTINGS_ORG, "setup")
    st.setValue("checked_url", url if check.ok else "")
    st.sync()


def checked_url() -> str:
    return str(QSettings(SETTINGS_ORG, "setup").value("checked_url", "") or "")


class ProviderBox(QWidget):
    checked = Signal(object)  # ConnectionCheck, after "Test connection"
    keyForgotten = Signal()  # noqa: N815

    def __init__(self, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.found = FoundKey("", KeySource.NONE)
        self.url = QLineEdit(url, self)
        self.url.setObjectName("setting_provider_url")
        self.url.setPlaceholderText("https://…")
        self.url.setToolTip(self.tr("The portal base URL (serves /negociar/params)."))
        self.key = QLineEdit(self)
        self.key.setObjectName("providerKey")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setClearButtonEnabled(True)
        self.btn_forget = QPushButton(self.tr("Remove saved key"), self)
        self.key_note = QLabel(self)
        self.key_note.setObjectName("keyNote")
        self.key_note.setWordWrap(True)
        self.btn_test = QPushButton(self.tr("Test connection"), self)
        self.btn_test.setObjectName("testConnection")
        self.result = QLabel(self)
        self.result.setObjectName("connectionResult")
        self.result.setWordWrap(True)
        self.btn_details = QToolButton(self)
        self.btn_details.setText(self.tr("Technical details"))
        self.btn_details.setCheckable(True)
        self.btn_details.setVisible(False)
        self.details = QLabel(self)
        self.details.setObjectName("connectionDetails")
        self.details.setWordWrap(True)
        self.details.setVisible(False)
        self.last_check: ConnectionCheck | None = None

        form = QFormLayout()
        form.addRow(self.tr("Portal URL"), self.url)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.btn_forget)
        form.addRow(self.tr("Key string"), key_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.key_note)
        test_row = QHBoxLayout()
        test_row.addWidget(self.btn_test)
        test_row.addStretch(1)
        test_row.addWidget(self.btn_details)
        layout.addLayout(test_row)
        layout.addWidget(self.result)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.btn_test.clicked.connect(lambda: launch(self.test()))
        self.btn_forget.clicked.connect(lambda: launch(self.forget()))
        self.btn_details.toggled.connect(self.details.setVisible)

    # -- the saved key ----------------------------------------------------------------------------
    async def load(self) -> None:
        """Look up where a key is saved (the keyring may be slow: off the GUI thread)."""
        self.found = await off_thread(provider_key.read_key)
        available = await off_thread(provider_key.keyring_available)
        self._show_key_state(available)

    def _show_key_state(self, keyring_available: bool) -> None:
        source = self.found.source
        self.btn_forget.setEnabled(source in (KeySource.KEYRING, KeySource.FILE))
        placeholder = {
            KeySource.KEYRING: self.tr("saved in the system keyring (type to replace it)"),
            KeySource.FILE: self.tr("saved in the key file (type to replace it)"),
            KeySource.ENVIRONMENT: self.tr("taken from $%1").replace("%1", provider_key.KEY_ENV),
            KeySource.NONE: self.tr("paste the key string the operator gave you"),
        }[source]
        self.key.setPlaceholderText(placeholder)
        where = provider_key.key_file_path()
        if keyring_available:
            note = self.tr("The key is kept in the system keyring (%1), never in the database.").replace(
                "%1", provider_key.keyring_name())
        else:
            note = (self.tr("This computer has no system keyring: the key is kept in the file %1, readable "
                            "only by your user. It is never stored in the database.").replace("%1", str(where)))
        if source is KeySource.ENVIRONMENT:
            note += " " + self.tr("Now the key comes from the environment variable $%1, which wins over a "
                                  "saved one.").replace("%1", provider_key.KEY_ENV)
        self.key_note.setText(note)

    def typed_key(self) -> str:
        return self.key.text().strip()

    def key_for_use(self) -> str:
        """The key a check or a save uses: the one typed, else the saved one."""
        return self.typed_key() or self.found.key

    async def save_key(self) -> KeySource | None:
        """Save a typed key (None when nothing was typed). KeyStoreError propagates."""
        key = self.typed_key()
        if not key:
            return None
        where = await off_thread(provider_key.save_key, key)
        self.key.clear()
        await self.load()
        return where

    async def forget(self) -> None:
        try:
            await off_thread(provider_key.delete_key)
        except provider_key.KeyStoreError as exc:
            self.result.setText(str(exc))
            return
        await self.load()
        self.result.setText(self.tr("The saved key was removed."))
        self.keyForgotten.emit()

    # -- the check --------------------------------------------------------------------------------
    async def test(self) -> ConnectionCheck:
        """Run the handshake and one lookup with the URL and key on screen; show the verdict."""
        url, key = self.url.text().strip(), self.key_for_use()
        self.btn_test.setEnabled(False)
        self.result.setText(self.tr("Testing the connection…"))
        self.details.clear()
        try:
            check = await off_thread(check_connection, url, key, timeout=CHECK_TIMEOUT)
        finally:
            self.btn_test.setEnabled(True)
        self.last_check = check
        self.result.setText(describe(check))
        self.details.setText(technical(check))
        self.btn_details.setVisible(check.verdict is not Verdict.OK)
        remember_check(url, check)
        log.info("connection check: %s at step %s", check.verdict.value, check.step.value)
        self.checked.emit(check)
        return check
