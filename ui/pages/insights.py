"""Insights: the trust figure, the touches, the streak and the question marks, as charts.

Promises kept on time over the last 90 days (by week), touches per week split between
existing clients and new business, confirmed mornings in a row, and how many question
marks each morning opened with. The figures are the domain's (``organizer.rules.insights``,
the same as ``daymap insights --json`` and the weekly report); this page only draws
them. QtCharts is imported when the page is first shown, not at start-up.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from organizer.core.domain import Change
from ui.qt_planner import QtPlanner

if TYPE_CHECKING:
    from organizer.app.views import Insights, WeekPromises

CLIENTS = QColor("#3d7fd6")
NEW_BUSINESS = QColor("#f0a830")
KEPT = QColor("#2e9b5f")
MISSED = QColor("#d0483a")
TABLE_COLUMNS = ["Week of", "Promises kept on time", "Touches: clients", "Touches: new business", "Question marks"]


def iso_week(day: dt.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _figure(title: str) -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame()
    frame.setObjectName("figure")
    box = QVBoxLayout(frame)
    value = QLabel("—")
    value.setObjectName("figureValue")
    caption = QLabel(title)
    caption.setObjectName("hint")
    caption.setWordWrap(True)
    detail = QLabel()
    detail.setObjectName("hint")
    box.addWidget(value)
    box.addWidget(caption)
    box.addWidget(detail)
    return frame, value, detail


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(6)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(260)
    return chart, view


def week_label(week: str) -> str:
    """2026-W48 → "23 Nov", the Monday it starts: a date a rep recognises, not an ISO week number."""
    year, number = week.split("-W", 1)
    return f"{dt.date.fromisocalendar(int(year), int(number), 1):%-d %b}"


def week_axis_labels(weeks: list[str]) -> list[str]:
    """Each week's Monday as its day, with the month under it where the month changes.

    Thirteen labels fit under the bars without being cut to "2…"; within a month the days differ,
    so the labels stay distinct, as a category axis needs.
    """
    labels, month = [], ""
    for week in weeks:
        day, this_month = week_label(week).split(" ")
        labels.append(day if this_month == month else f"{day}<br>{this_month}")
        month = this_month
    return labels


def _count_axis(top: int, *, headroom: bool = False) -> QValueAxis:
    """A count axis with whole-number ticks (never "2.2 touches"); ``headroom`` keeps the top point's dot whole."""
    step = max(1, math.ceil(max(top, 1) / 5))
    axis = QValueAxis()
    ceiling = step * math.ceil(max(top, 1) / step)
    axis.setRange(0, ceiling + (step if headroom and ceiling == top else 0))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    axis.setLabelFormat("%d")
    return axis


def _follow_palette(chart: QChart, palette: QPalette) -> None:
    """The chart in the window's colours: light or dark, its text always readable on its background."""
    text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
    grid = QColor(text)
    grid.setAlpha(40)
    chart.setBackgroundBrush(QBrush(base))
    chart.setPlotAreaBackgroundVisible(False)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsBrush(QBrush(text))
        axis.setTitleBrush(QBrush(text))
        axis.setLinePen(QPen(grid))
        axis.setGridLinePen(QPen(grid))


class InsightsPage(QWidget):
    """The figures and three charts; drawn in the window's palette, dark or light."""

    def __init__(self, planner: QtPlanner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no invisible tab stop: its contents take the focus
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        title = QLabel("Insights")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("hint")
        layout.addWidget(self.subtitle)

        self.figures = QGridLayout()
        trust, self.trust_value, self.trust_detail = _figure("promises kept on time, last 90 days")
        streak, self.streak_value, self.streak_detail = _figure("confirmed mornings in a row")
        touches, self.touches_value, self.touches_detail = _figure("touches this week")
        marks, self.marks_value, self.marks_detail = _figure("question marks this morning")
        self.figure_frames = (trust, streak, touches, marks)
        layout.addLayout(self.figures)

        self.grid = QGridLayout()
        self.promises_chart, promises_view = _chart("Promises kept on time, by the week they were due")
        self.touches_chart, touches_view = _chart("Touches per week")
        self.marks_chart, marks_view = _chart("Question marks each morning opened with")
        layout.addLayout(self.grid, 1)
        for view in (promises_view, touches_view, marks_view):
            view.setAccessibleName(view.chart().title())
            view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart_views = (promises_view, touches_view, marks_view)
        self._columns = 0
        self._reflow(4)

        # The charts' text alternative: the same figures as a table (a screen reader reads it row by row).
        self.show_table = QPushButton("Show the figures as a table")
        self.show_table.setCheckable(True)
        self.show_table.setAccessibleDescription("The weekly figures of the charts above, as a table")
        layout.addWidget(self.show_table, 0, Qt.AlignmentFlag.AlignLeft)
        self.table = QTableWidget(0, len(TABLE_COLUMNS))
        self.table.setHorizontalHeaderLabels(TABLE_COLUMNS)
        self.table.setAccessibleName("The charts' figures, week by week")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setVisible(False)
        self.table.setMinimumHeight(280)
        self.show_table.toggled.connect(self.table.setVisible)
        layout.addWidget(self.table)

    WIDE = 900  # narrower than this (800×600, half a screen): two figures a row, one chart a row

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow(4 if event.size().width() >= self.WIDE else 2)

    def _reflow(self, columns: int) -> None:
        """The four figures in ``columns`` columns and the charts two (or, narrow, one) a row: nothing is cut off
        or hidden behind a sideways scroll bar."""
        if columns == self._columns:
            return
        self._columns = columns
        for index, frame in enumerate(self.figure_frames):
            self.figures.addWidget(frame, index // columns, index % columns)
        promises, touches, marks = self.chart_views
        if columns == 4:
            self.grid.addWidget(promises, 0, 0)
            self.grid.addWidget(touches, 0, 1)
            self.grid.addWidget(marks, 1, 0, 1, 2)
        else:
            for row, view in enumerate(self.chart_views):
                self.grid.addWidget(view, row, 0, 1, 2)

    # --- loading -------------------------------------------------------------------------------------------

    def load(self) -> None:
        figures, marks, promises = self.planner.core.documents.insights()
        today = self.planner.today
        self.subtitle.setText(f"As of {today:%A %d %B %Y}")
        self._figures(figures, marks)
        self._promises(promises)
        self._touches(figures)
        self._marks(marks, today)
        self._fill_table(figures, promises, marks)
        for chart in (self.promises_chart, self.touches_chart, self.marks_chart):
            _follow_palette(chart, self.palette())

    def refresh(self, _change: Change | None = None) -> None:
        self.load()

    def _fill_table(
        self, figures: Insights, weeks: tuple[WeekPromises, ...], marks: list[tuple[dt.date, int | None]]
    ) -> None:
        kept = {w.week: w for w in weeks}
        rows = []
        for touches in figures.touches_per_week:
            promise = kept.get(touches.week)
            opened = [count for day, count in marks if count is not None and iso_week(day) == touches.week]
            rows.append((
                week_label(touches.week),
                "—" if promise is None else f"{promise.kept} of {promise.due}",
                str(touches.clients),
                str(touches.new_business),
                "—" if not opened else f"{min(opened)}–{max(opened)}" if min(opened) != max(opened) else str(opened[0]),
            ))  # fmt: skip
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        for view, column in zip(self.chart_views, (1, 2, 4), strict=True):
            said = "; ".join(f"week of {values[0]}: {values[column]}" for values in rows if values[column] != "—")
            view.setAccessibleDescription(said or "nothing recorded yet")

    def _figures(self, figures: Insights, marks: list[tuple[dt.date, int | None]]) -> None:
        rate = figures.promise_rate
        self.trust_value.setText("—" if rate is None else f"{rate:.0%}")
        self.trust_detail.setText(
            "no promise was due" if rate is None else f"{figures.promises_kept} of {figures.promises_due} promises"
        )
        self.streak_value.setText(str(figures.streak))
        self.streak_detail.setText("weekends neither break nor extend it")
        week = figures.touches_per_week[-1]
        self.touches_value.setText(str(week.clients + week.new_business))
        self.touches_detail.setText(f"{week.clients} with clients, {week.new_business} new business")
        opening = marks[-1][1] if marks else None
        now = len(self.planner.morning().question_marks)
        self.marks_value.setText(str(now))
        self.marks_detail.setText("ready" if now == 0 else (f"opened with {opening}" if opening is not None else ""))

    def _promises(self, weeks: tuple[WeekPromises, ...]) -> None:
        _weekly_bars(
            self.promises_chart,
            [w.week for w in weeks],
            [
                ("Kept on time", KEPT, [w.kept for w in weeks]),
                ("Late or not kept", MISSED, [w.due - w.kept for w in weeks]),
            ],
        )

    def _touches(self, figures: Insights) -> None:
        weeks = figures.touches_per_week
        _weekly_bars(
            self.touches_chart,
            [w.week for w in weeks],
            [
                ("Existing clients", CLIENTS, [w.clients for w in weeks]),
                ("New business", NEW_BUSINESS, [w.new_business for w in weeks]),
            ],
        )

    def _marks(self, marks: list[tuple[dt.date, int | None]], today: dt.date) -> None:
        chart = self.marks_chart
        _clear(chart)
        line = QLineSeries()
        line.setName("Question marks at the first look")
        dots = QScatterSeries()
        dots.setMarkerSize(7)
        dots.setColor(MISSED)
        line.setColor(MISSED)
        recorded = [(day, count) for day, count in marks if count is not None]
        for day, count in recorded:
            point = QPointF(float(_moment(day).toMSecsSinceEpoch()), float(count))
            line.append(point)
            dots.append(point)
        chart.addSeries(line)
        chart.addSeries(dots)
        chart.legend().markers(dots)[0].setVisible(False)
        x = QDateTimeAxis()
        first = marks[0][0] if marks else today - dt.timedelta(days=28)
        x.setRange(_moment(first), _moment(today))
        x.setFormat("d MMM")
        x.setTickCount(min(max((today - first).days // 7 + 1, 2), 6))
        x.setTitleText("" if recorded else "no mornings recorded yet: Daymap notes each one as it opens")
        y = _count_axis(max((count for _day, count in recorded), default=0), headroom=True)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for series in (line, dots):
            series.attachAxis(x)
            series.attachAxis(y)


def _moment(day: dt.date) -> QDateTime:
    """Noon of the day: the axis shows the date, and a clock change never moves it to the day before."""
    return QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0))


def _clear(chart: QChart) -> None:
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)


def _weekly_bars(chart: QChart, weeks: list[str], stacks: list[tuple[str, QColor, list[int]]]) -> None:
    """One stacked bar per ISO week, one colour per part, on a count axis that fits the tallest bar."""
    _clear(chart)
    series = QStackedBarSeries()
    for name, colour, values in stacks:
        bars = QBarSet(name)
        bars.setColor(colour)
        bars.append(values)
        series.append(bars)
    chart.addSeries(series)
    x = QBarCategoryAxis()
    x.append(week_axis_labels(weeks))
    x.setTitleText("week starting")
    small = QFont(x.labelsFont())
    small.setPointSizeF(max(small.pointSizeF() - 1.5, 6.5))  # "Nov" under a thirteenth of the chart, whole
    x.setLabelsFont(small)
    y = _count_axis(max((sum(parts) for parts in zip(*(v for _n, _c, v in stacks), strict=True)), default=0))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
