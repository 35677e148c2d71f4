"""Render the README's screenshots: every tab of the main window on the demo data, in pt-BR.

Builds a fresh demo database (demo world, simulator on loopback, a month of history), opens
the main window offscreen at 1280×820, and saves one PNG per tab into docs/screenshots/, plus
the Live tab during a run, the Performance tab in the dark theme, and the set-up on an empty
database: the first-run checklist, the import preview and Preferences after Test connection.

    python scripts/screenshots.py [--out docs/screenshots] [--lang pt_BR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from core.simulator.profiles import get_profile  # noqa: E402
from gui.app import tune_threads  # noqa: E402
from gui.i18n import install_language  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from gui.services import Services  # noqa: E402
from gui.theme import Theme, apply_theme  # noqa: E402
from runner.demo import build_history, demo_environment  # noqa: E402
from storage.db import close_database, open_database  # noqa: E402

TABS = ("live", "performance", "runs", "problems", "invoices")


async def shoot(window: MainWindow, services: Services, out: Path) -> None:
    await window.start()
    for index, name in enumerate(TABS):
        window.tabs.setCurrentIndex(index)
        await window.refresh_tab(index, force=True)
        if name == "problems" and window.problems is not None:
            rows = window.problems.list_model.rows()
            if rows:
                await window.problems.show_invoice(rows[0].invoice_id)
        if name == "invoices" and window.invoices is not None:
            await window.invoices.run_search("Silva")
            rows = window.invoices.contracts_model.rows()
            if rows:
                window.invoices.contracts_view.selectRow(0)
                await window.invoices.show_contract(rows[0].id)
        window.grab().save(str(out / f"{index + 1}-{name}.png"))
    # the Live tab while a run goes (a slower provider so it is caught half way)
    window.tabs.setCurrentIndex(0)
    done = asyncio.get_running_loop().create_future()
    services.controller.runFinished.connect(lambda r: done.done() or done.set_result(r))
    from core.domain import FetchOrigin

    # forced, so the demo's already fetched invoices give the shot a run of some size
    window.start_request(FetchOrigin.MANUAL, invoice_ids=(), force=True)
    while services.controller.busy:
        snap = services.controller.latest()
        if snap is not None and snap.percent >= 45:
            window.grab().save(str(out / "1-live-running.png"))
            services.controller.cancel()
            break
        await asyncio.sleep(0.05)  # polling the bridge's newest snapshot, not synchronising
    await done
    # the Performance tab in a dark palette
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, Theme.DARK)
    window.tabs.setCurrentIndex(1)
    await window.refresh_tab(1, force=True)
    window.grab().save(str(out / "2-performance-dark.png"))
    apply_theme(app, Theme.LIGHT)


async def shoot_setup(services: Services, contracts_csv: Path, provider_url: str, key: str, out: Path) -> None:
    """The set-up on an empty database: the first-run checklist, the import of the demo's
    contracts file (with its few bad rows), and Preferences after Test connection."""
    from gui.settings_dialog import SettingsDialog
    from gui.setup.first_run import FirstRunDialog
    from gui.setup.import_dialog import ImportContractsDialog

    first = FirstRunDialog(services)
    await first.refresh()
    first.show()
    first.adjustSize()
    await asyncio.sleep(0.05)  # one paint
    first.grab().save(str(out / "6-first-run.png"))
    first.close()
    importer = ImportContractsDialog(services)
    importer.show()
    await importer.load(contracts_csv)
    importer.skip_invalid.setChecked(True)
    await asyncio.sleep(0.05)
    importer.grab().save(str(out / "7-import-preview.png"))
    importer.close()
    prefs = SettingsDialog(services)
    prefs.show_page(SettingsDialog.PROVIDER)
    prefs.show()
    await prefs.provider.load()
    prefs.provider.url.setText(provider_url)
    prefs.provider.key.setText(key)
    await prefs.provider.test()
    prefs.resize(720, 440)
    await asyncio.sleep(0.05)
    prefs.grab().save(str(out / "8-preferences-connection.png"))
    prefs.reject()  # nothing saved: the key stays out of this machine's keyring


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--lang", default="pt_BR")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_theme(app, Theme.LIGHT)
    install_language(app, args.lang)
    tune_threads()
    db = Path(tempfile.mkdtemp(prefix="faturas-shots-")) / "demo.sqlite"
    open_database(str(db))
    with demo_environment(profile="flaky") as env:
        build_history(env)
        # a slower provider for the screenshot of a run in progress
        env.server.set_profile(get_profile("flaky", latency_median_ms=150, latency_p95_ms=400,
                                           hang_seconds=5.0))
        services = Services(str(db), provider_config=env.provider, demo=True)
        services.mark_database_open()
        window = MainWindow(services)
        window.resize(1280, 820)
        window.show()
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            loop.run_until_complete(shoot(window, services, out))
            services.controller.wait(15)
            window.hide()
            close_database()
            open_database(str(db.with_name("empty.sqlite")))
            empty = Services(str(db.with_name("empty.sqlite")))
            empty.mark_database_open()
            loop.run_until_complete(empty.load_settings())
            loop.run_until_complete(shoot_setup(empty, env.folder / "contracts.csv", env.provider_url,
                                                env.key_string, out))
    close_database()
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
