// The details tabs' chart pieces (see Charts.h).
#include "Charts.h"

#include "StatsHistory.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace glassbox::details {

QValueAxis *Charts::timeAxis(QObject *parent)
{
    auto *axis = new QValueAxis(parent);
    axis->setRange(-StatsHistory::kMaxPoints, 0);
    axis->setTickCount(6);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setTitleText(tr("Seconds ago"));
    return axis;
}

double Charts::niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0})
        if (step * power >= value)
            return step * power;
    return 10 * power;
}

QChartView *Charts::makeView(const QString &title, QLineSeries *series, QValueAxis *xAxis,
                             QValueAxis *yAxis, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->addSeries(series);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(160);
    view->setFocusPolicy(Qt::NoFocus);
    return view;
}

} // namespace glassbox::details
