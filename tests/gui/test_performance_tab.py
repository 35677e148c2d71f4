"""The Performance tab on real data: two runs made by the engine against the simulator.

Expected figures are computed here from the database rows (invoices, attempt rows) or from
the separate analytics queries, then formatted through gui.formatting as the tab must do.
"""

from __future__ import annotations

import asyncio
import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QFileDialog

from gui import formatting as fmt
from gui.i18n import install_language
from gui.performance_cards import NOW_KEYS, PERIOD_KEYS
from gui.performance_format import day_month, day_month_format, points
from gui.services import Services
from gui.tabs.performance_tab import PerformanceTab
from storage.analytics import daily_performance, overview
from storage.models import Contract, FetchAttempt, FetchRun, Invoice
from tests.gui.waiting_support import waiting_by_rule


def make_tab(services: Services, qtbot) -> PerformanceTab:
    tab = PerformanceTab(services)
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    return tab


def status_counts() -> Counter[str]:
    return Counter(status for (status,) in Invoice.select(Invoice.fetch_status).tuples())


def final_results_by_day(tz=UTC) -> dict[date, Counter[str]]:
    """Each run's final word on each invoice (its last try), counted on the local day of that try."""
    last: dict[tuple[int, int], FetchAttempt] = {}
    for a in FetchAttempt.select().order_by(FetchAttempt.try_no):
        last[(a.run_id, a.invoice_id)] = a
    out: dict[date, Counter[str]] = {}
    for a in last.values():
        out.setdefault(a.started_at.astimezone(tz).date(), Counter())[a.status_after] += 1
    return out


def period_results(services, days: int) -> Counter[str]:
    """Each run's final word on each invoice, of the runs' final tries in the last `days` local days."""
    first = services.now().astimezone(services.tz).date() - timedelta(days=days - 1)
    out: Counter[str] = Counter()
    for day, counts in final_results_by_day(services.tz).items():
        if day >= first:
            out.update(counts)
    return out


def test_stat_cards_show_the_database_figures(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    counts = status_counts()
    total = sum(counts.values())
    with_data = [i for i in Invoice.select() if i.amount is not None and (i.bar_code or i.pix_code)]
    amount = sum((i.amount for i in Invoice.select() if i.amount is not None), Decimal("0"))
    ov = overview(services.now(), services.tz, 30)
    shown = tab.cards.texts()
    # now: the invoices as they stand
    assert shown["invoices"] == fmt.number(total)
    to_fetch, later = waiting_by_rule(services)
    assert to_fetch != counts["PENDING"]  # "Pendentes" is what a run takes now, not the PENDING status
    assert shown["pending"] == fmt.number(to_fetch)
    assert shown["not_available"] == fmt.number(later)
    assert shown["in_error"] == fmt.number(counts["ERROR"] + counts["GAVE_UP"])
    assert shown["amount"] == fmt.money(amount)
    assert fmt.number(len(with_data)) in tab.cards.cards["amount"].caption()
    # in the period: the window's run results, counted from the attempt rows
    res = period_results(services, 30)
    decided = res["SUCCESS"] + res["PARTIAL"] + res["ERROR"] + res["GAVE_UP"]
    errors = res["ERROR"] + res["GAVE_UP"]
    assert decided > 0 and errors > 0
    assert shown["results"] == fmt.number(sum(res.values()))
    assert shown["success_rate"] == fmt.percent((res["SUCCESS"] + res["PARTIAL"]) / decided)
    assert shown["errors"] == fmt.number(errors)
    assert fmt.percent(errors / decided) in tab.cards.cards["errors"].caption()
    assert shown["lookup_time"] == fmt.seconds(ov.activity.p50_seconds)
    assert ov.activity.p50_seconds is not None
    assert fmt.seconds(ov.activity.p95_seconds) in tab.cards.cards["lookup_time"].caption()
    assert "decided" in tab.cards.cards["success_rate"].caption()
    assert all(card.toolTip() for card in tab.cards.cards.values())
    # every card says whether it counts now or in the period
    assert all(card.title().endswith("· now") for key, card in tab.cards.cards.items() if key in NOW_KEYS)
    assert all(card.title().endswith("· in the period") for key, card in tab.cards.cards.items()
               if key in PERIOD_KEYS)
    runs = FetchRun.select().count()
    assert f"{fmt.number(runs)} runs" in tab.window_label.text()


def test_the_error_cards_and_by_origin_count_the_same_errors_the_same_way(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    for days in (7, 30, 90):
        aio(tab.set_days(days))
        origins = tab.origin_model.rows()
        errors = sum(o.errors for o in origins)
        good = sum(o.successes + o.partial for o in origins)
        assert tab.cards.texts()["errors"] == fmt.number(errors)
        rate = good / (good + errors) if good + errors else None
        assert tab.cards.texts()["success_rate"] == fmt.percent(rate)
        for row, o in enumerate(origins):  # each origin's rate: the same formula on its own results
            if o.successes + o.partial + o.errors:
                cell = tab.origin_model.index(row, 5).data()
                assert cell == fmt.percent((o.successes + o.partial) / (o.successes + o.partial + o.errors))


def test_every_period_card_follows_the_day_buttons(services, qtbot, aio, wait_until) -> None:
    later = services.now() + timedelta(days=15)  # the fixture's runs: in the 30 and 90 days, not the 7
    services._clock = lambda: later  # type: ignore[method-assign]
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    seen: dict[int, dict[str, str]] = {}
    for days in (7, 90, 30):
        qtbot.mouseClick(tab.day_buttons[days], Qt.MouseButton.LeftButton)
        wait_until(lambda days=days: tab.snapshot is not None and tab.snapshot.overview.window.days == days)
        assert tab.days == days
        seen[days] = tab.cards.texts()
        res = period_results(services, days)
        assert seen[days]["results"] == fmt.number(sum(res.values()))
        assert seen[days]["errors"] == fmt.number(res["ERROR"] + res["GAVE_UP"])
        assert f"last {days} days" in tab.cards.row_titles["period"].text()
        for key in NOW_KEYS:  # the "now" cards do not move with the window
            assert seen[days][key] == seen[7][key]
    assert sum(period_results(services, 7).values()) == 0 < sum(period_results(services, 30).values())
    assert seen[7]["results"] == fmt.number(0) != seen[30]["results"]
    assert seen[7]["success_rate"] == "—" != seen[30]["success_rate"]
    assert seen[7]["lookup_time"] == "—" != seen[90]["lookup_time"]


def test_daily_chart_has_one_stacked_bar_group_per_day(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    chart = tab.chart
    assert len(chart.days) == 30 and not chart.is_empty()
    today = services.now().astimezone(services.tz).date()
    assert chart.days[-1].day == today
    expected = final_results_by_day()
    succ, part = chart.bar_heights("successes"), chart.bar_heights("partial")
    errs, na = chart.bar_heights("errors"), chart.bar_heights("not_available")
    for i, day in enumerate(chart.days):
        c = expected.get(day.day, Counter())
        assert (succ[i], part[i], errs[i], na[i]) == (
            c["SUCCESS"], c["PARTIAL"], c["ERROR"] + c["GAVE_UP"], c["NOT_AVAILABLE"]), day.day
    assert sum(succ) + sum(part) + sum(errs) > 0
    # Stacked: each layer starts where the one below ends; one bar per day at x = 0..29.
    bars = chart.bars
    assert [list(b.opts["x"]) for b in bars] == [list(range(30))] * 4
    assert list(bars[0].opts["y0"]) == [0.0] * 30
    assert list(bars[1].opts["y0"]) == succ
    assert list(bars[2].opts["y0"]) == [a + b for a, b in zip(succ, part, strict=True)]
    assert list(bars[3].opts["y0"]) == [a + b + c for a, b, c in zip(succ, part, errs, strict=True)]
    # The time line: the day's p50 where there was activity, a gap elsewhere.
    daily = daily_performance(services.now(), services.tz, 30)
    xs, ys = chart.time_line.getData()
    assert list(xs) == list(range(30))
    for y, d in zip(ys, daily.days, strict=True):
        assert (math.isnan(y) and d.p50_seconds is None) or y == pytest.approx(d.p50_seconds)
    assert not math.isnan(ys[-1])
    summary = chart.day_summary(29)
    assert fmt.day(today) in summary and fmt.seconds(daily.days[-1].p50_seconds) in summary
    assert chart.day_axis.tickStrings([29.0], 1.0, 1.0) == [day_month(today)]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the tooltip, on the offscreen platform
def test_hovering_a_day_shows_its_figures_and_the_mouse_does_not_zoom(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    tab.show()
    qtbot.waitExposed(tab)
    aio(tab.refresh())
    chart = tab.chart
    x_range = chart.plot.vb.viewRange()[0]
    target = chart.days[-1].successes / 2
    chart._on_mouse_moved(chart.plot.vb.mapViewToScene(QPointF(29.2, target)))
    assert chart.cursor_line.isVisible() and chart.cursor_line.value() == 29
    assert not chart.plot.vb.state["mouseEnabled"][0] and not chart.plot.vb.state["mouseEnabled"][1]
    assert chart.plot.vb.viewRange()[0] == x_range
    chart._on_mouse_moved(QPointF(-50, -50))  # outside the plot
    assert not chart.cursor_line.isVisible()


def test_cards_and_chart_follow_a_dark_palette(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    light_bg = tab.chart.plot_widget.backgroundBrush().color().name()
    dark = QPalette(tab.palette())
    for role, color in ((QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Window, "#2b2b2b"),
                        (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.WindowText, "#e8e8e8")):
        dark.setColor(role, QColor(color))
    tab.setPalette(dark)
    assert tab.chart.plot_widget.backgroundBrush().color().name() == "#1e1e1e" != light_bg
    assert tab.chart.plot.getAxis("left").textPen().color().name() == "#e8e8e8"
    plain, accented = tab.cards.cards["invoices"], tab.cards.cards["success_rate"]
    assert plain.accent() is None and accented.accent() is not None
    text_of = lambda label: label.palette().color(label.foregroundRole()).name()  # noqa: E731
    assert text_of(plain.value_label) == "#e8e8e8"  # no accent: the palette's text colour
    assert text_of(accented.value_label) == accented.accent().name()
    assert plain.palette().color(QPalette.ColorRole.Base).name() == "#1e1e1e"  # what the card paints
    assert not plain.styleSheet() and not tab.styleSheet()


def test_window_buttons_requery_and_change_the_days(services, qtbot, aio, wait_until) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    assert tab.queries == 1 and tab.day_buttons[30].isChecked()
    tab.day_buttons[7].click()
    wait_until(lambda: len(tab.chart.days) == 7)
    assert tab.queries == 2 and tab.days == 7 and tab.day_buttons[7].isChecked()
    assert tab.snapshot is not None and tab.snapshot.overview.window.days == 7
    aio(tab.set_days(90))
    assert len(tab.chart.days) == 90 and tab.queries == 3
    assert tab.chart.bar_heights("successes")[-1] == tab.snapshot.daily.days[-1].successes
    aio(tab.refresh())  # the window is remembered across refreshes
    assert len(tab.chart.days) == 90
    with pytest.raises(ValueError):
        aio(tab.set_days(14))


def test_overlapping_requests_share_one_load(services, qtbot, aio, monkeypatch) -> None:
    tab = make_tab(services, qtbot)
    in_flight = peak = 0
    real_query = services.query

    async def counting_query(fn, *args, **kwargs):  # noqa: ANN001, ANN202
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await real_query(fn, *args, **kwargs)
        finally:
            in_flight -= 1

    monkeypatch.setattr(services, "query", counting_query)

    async def scenario() -> None:
        first = asyncio.ensure_future(tab.refresh())
        while in_flight == 0:  # wait until the first load is in its query
            await asyncio.sleep(0.001)
        await asyncio.gather(first, tab.refresh(), tab.set_days(7), tab.refresh())

    aio(scenario())
    assert peak == 1  # never two queries at once
    assert tab.queries == 2  # the first load, then one more for everything asked meanwhile
    assert len(tab.chart.days) == 7


def test_tables_list_origins_slowest_and_cohorts(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    origins = {r.origin.value: r for r in tab.origin_model.rows()}
    assert len(origins) == 5 and tab.origin_model.columnCount() == 7
    assert origins["AUTOMATIC"].runs == 1 and origins["MANUAL"].runs == 1 and origins["RETRY"].runs == 0
    last: dict[tuple[int, int], str] = {}
    for a in FetchAttempt.select().order_by(FetchAttempt.try_no):
        last[(a.run_id, a.invoice_id)] = a.origin
    per_origin = Counter(last.values())
    for origin, row in origins.items():
        assert row.invoices == per_origin.get(origin, 0), origin
    auto_row = [r.origin.value for r in tab.origin_model.rows()].index("AUTOMATIC")
    assert tab.origin_model.index(auto_row, 0).data() == "Automatic"
    assert tab.origin_model.index(auto_row, 2).data() == fmt.number(per_origin["AUTOMATIC"])

    slow = list(FetchAttempt.select().where(FetchAttempt.seconds.is_null(False))
                .order_by(FetchAttempt.seconds.desc(), FetchAttempt.id).limit(10))
    shown = tab.slowest_model.rows()
    assert [r.attempt_id for r in shown] == [a.id for a in slow]
    assert tab.slowest_model.index(0, 0).data() == fmt.seconds(slow[0].seconds)
    contract = Invoice.get_by_id(slow[0].invoice_id).contract
    assert tab.slowest_model.index(0, 1).data() == contract.number

    cohorts = sorted({c for (c,) in Contract.select(Contract.cohort).tuples()}, reverse=True)
    rows = tab.cohort_model.rows()
    assert [r.cohort for r in rows] == cohorts
    per_cohort = Counter(c for (c,) in Invoice.select(Contract.cohort).join(Contract).tuples())
    assert [r.invoices for r in rows] == [per_cohort[c] for c in cohorts]
    assert tab.cohort_model.index(0, 2).data() == fmt.number(per_cohort[cohorts[0]])


def test_double_click_on_a_slow_lookup_asks_for_its_invoice(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    asked: list[int] = []
    services.showInvoiceRequested.connect(asked.append)
    tab.slowest_view.doubleClicked.emit(tab.slowest_model.index(2, 1))
    assert asked == [tab.slowest_model.row(2).invoice_id]


def cohort_rate(cohort: str) -> float | None:
    q = Counter(s for (s,) in Invoice.select(Invoice.fetch_status).join(Contract)
                .where(Contract.cohort == cohort).tuples())
    decided = q["SUCCESS"] + q["PARTIAL"] + q["ERROR"] + q["GAVE_UP"]
    return (q["SUCCESS"] + q["PARTIAL"]) / decided if decided else None


def test_cohort_compare_shows_the_success_rate_delta(services, qtbot, aio, wait_until) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    cohorts = [r.cohort for r in tab.cohort_model.rows()]
    assert len(cohorts) >= 3
    # By default the newest cohort against the one before it.
    assert tab.compare.choice() == (cohorts[1], cohorts[0])
    rated = [c for c in cohorts if cohort_rate(c) is not None]
    left, right = rated[-1], rated[0]
    tab.compare.left_combo.setCurrentText(left)
    tab.compare.right_combo.setCurrentText(right)
    wait_until(lambda: tab.pair is not None and (tab.pair.left.cohort, tab.pair.right.cohort) == (left, right))
    delta = cohort_rate(right) - cohort_rate(left)  # type: ignore[operator]
    assert points(delta) in tab.compare.delta_text()
    assert right in tab.compare.delta_text() and left in tab.compare.delta_text()
    assert tab.compare.cells[(4, 1)].text() == fmt.percent(cohort_rate(left))
    assert tab.compare.cells[(4, 3)].text() == points(delta)
    aio(tab.refresh())  # the choice survives a refresh
    assert tab.compare.choice() == (left, right)


def test_export_chart_writes_a_png(services, qtbot, aio, tmp_path, monkeypatch) -> None:
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    target = tmp_path / "chart"
    offered: list[str] = []

    def fake_dialog(parent, caption, directory, filter_):  # noqa: ANN001
        offered.append(directory)
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_dialog))
    with qtbot.waitSignal(services.statusMessage):
        saved = tab.export_chart()
    assert saved == str(target) + ".png" and offered[0].endswith(".png")
    data = (tmp_path / "chart.png").read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 1000
    image = QImage(saved)
    assert image.width() > 100 and image.height() > 100


def test_empty_database_shows_the_empty_state(db, db_path, qloop, qtbot, aio) -> None:
    services = Services(str(db_path), tz=UTC, clock=lambda: datetime(2026, 3, 15, 12, tzinfo=UTC))
    aio(services.load_settings())
    tab = make_tab(services, qtbot)
    aio(tab.refresh())
    assert tab.chart.is_empty() and "No invoices yet" in tab.chart.empty_label.text()
    assert not tab.export_button.isEnabled()
    assert tab.cards.texts()["invoices"] == fmt.number(0)
    assert tab.cards.texts()["success_rate"] == "—"
    assert tab.cards.texts()["lookup_time"] == "—"
    assert tab.slowest_model.rowCount() == 0 and tab.cohort_model.rowCount() == 0
    assert tab.compare.choice() is None and "No cohorts" in tab.compare.hint.text()
    assert len(tab.chart.days) == 30 and sum(tab.chart.bar_heights("successes")) == 0


def test_window_without_fetches_says_so(services, qtbot, aio) -> None:
    tab = make_tab(services, qtbot)
    # A week long before the fixture's runs: invoices exist, but nothing was fetched then.
    services._clock = lambda: datetime(2025, 1, 10, 12, tzinfo=UTC)  # type: ignore[method-assign]
    aio(tab.set_days(7))
    assert tab.chart.is_empty() and "No fetches in this window" in tab.chart.empty_label.text()


def test_brazilian_locale_formats_money_dates_and_axis(services, qtbot, aio, qapp) -> None:
    install_language(qapp, "pt_BR")
    try:
        tab = make_tab(services, qtbot)
        aio(tab.refresh())
        amount = tab.cards.texts()["amount"]
        assert re.fullmatch(r"R\$\s\d{1,3}(\.\d{3})*,\d{2}", amount), amount
        assert "," in tab.cards.texts()["lookup_time"]
        today = services.now().astimezone(services.tz).date()
        assert day_month(today) == today.strftime("%d/%m")
        assert today.strftime("%d/%m/%Y") in tab.window_label.text()
        assert day_month_format(fmt.locale()) == "dd/MM"
        assert points(0.032) == "+3,2 pp"
    finally:
        install_language(qapp, "en")
