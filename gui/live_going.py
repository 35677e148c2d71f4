"""The runs going in the store, as the Live tab lists them: started here, by the tray, by cron
or on another machine. One row per run (who started it, where, how far it is); choosing a row
shows that run's progress in the Live tab.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from gui import formatting as fmt
from gui.labels import origin_label
from gui.message_text import started_by_text
from gui.runs_look import setup_table
from gui.table_model import RIGHT, Column, RecordTableModel
from storage.live_runs import GoingRun


class GoingRunsPanel(QWidget):
    runChosen = Signal(int)  # noqa: N815  the run id the user picked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.model: RecordTableModel[GoingRun] = RecordTableModel(self._columns(), self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        setup_table(self.view, single=True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # never cut who, progress, when
        header.setStretchLastSection(True)
        rows = 4
        self.view.setMaximumHeight(self.view.verticalHeader().defaultSectionSize() * rows
                                   + self.view.horizontalHeader().sizeHint().height() + 4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        self.view.clicked.connect(lambda index: self.runChosen.emit(self.model.row(index.row()).run_id))
        self.here: int | None = None  # the run this window started
        self.show_runs((), None, None)

    def _columns(self) -> list[Column[GoingRun]]:
        return [
            Column(self.tr("Run"), lambda r: f"#{r.run_id}", RIGHT),
            Column(self.tr("Started by"), self._who),
            Column(self.tr("Host"), lambda r: r.hostname),
            Column(self.tr("Origin"), lambda r: origin_label(r.origin)),
            Column(self.tr("Progress"), self._progress, RIGHT),
            Column(self.tr("Started"), lambda r: fmt.when(r.started_at)),
            Column(self.tr("State"), self._state),
        ]

    def _who(self, run: GoingRun) -> str:
        who = started_by_text(run.started_by)
        return self.tr("%1 (this window)").replace("%1", who) if run.run_id == self.here else who

    def _progress(self, run: GoingRun) -> str:
        s = run.snapshot
        if s is None:
            return "—"
        return self.tr("%1 (%2 of %3)").replace("%1", fmt.percent(s.percent / 100)) \
            .replace("%2", fmt.number(s.done)).replace("%3", fmt.number(s.total))

    def _state(self, run: GoingRun) -> str:
        if run.cancel_requested_by:
            return self.tr("cancel asked by %1").replace("%1", run.cancel_requested_by)
        if run.silent:
            return self.tr("no news for %1").replace("%1", fmt.duration(run.silent_seconds))
        return self.tr("going")

    def show_runs(self, runs: Sequence[GoingRun], watched: int | None, here: int | None) -> None:
        self.here = here
        self.title.setText(self.tr("Runs going on this database: %n", "", len(runs)))
        self.model.set_rows(runs)
        self.setVisible(bool(runs))
        for i, run in enumerate(runs):
            if run.run_id == watched:
                self.view.selectionModel().select(
                    self.model.index(i, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                break

    def run(self, run_id: int | None) -> GoingRun | None:
        return next((r for r in self.model.rows() if r.run_id == run_id), None)
