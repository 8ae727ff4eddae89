// QAbstractItemModelTester on the GUI's models while a test drives them (KDE's practice): each
// change a user causes (rows arriving and leaving, new figures, sorting, filtering, another
// container shown) is checked against the model contract as it happens.
#pragma once

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QByteArray>
#include <QList>
#include <QSortFilterProxyModel>

namespace glassbox::test {

/// A tester on `model` for as long as the model lives (the model owns it). QtTest mode: a
/// broken rule fails the running test function with the tester's message, where Fatal mode
/// would abort the whole suite and Warning mode would pass it. A model that has a tester
/// already keeps that one, so suites may call this again for a window they watch.
inline QAbstractItemModelTester *testModel(QAbstractItemModel *model)
{
    if (auto *tester =
            model->findChild<QAbstractItemModelTester *>(QString(), Qt::FindDirectChildrenOnly))
        return tester;
    return new QAbstractItemModelTester(
        model, QAbstractItemModelTester::FailureReportingMode::QtTest, model);
}

/// Testers on Glassbox's own models under `root` (a window, a dialog, a details tab) and on
/// the sort/filter proxies the views show them through. The models Qt's item widgets keep
/// inside (QTableWidget, QTreeWidget, a combo box's list) are Qt's; a suite that drives one
/// passes it to testModel() itself. Returns how many models are watched, for a suite to check
/// that it found the ones it means.
inline int testModelsUnder(const QObject *root)
{
    int watched = 0;
    const QList<QAbstractItemModel *> models = root->findChildren<QAbstractItemModel *>();
    for (QAbstractItemModel *model : models) {
        const bool ours = !QByteArray(model->metaObject()->className()).startsWith('Q');
        if (ours || qobject_cast<QSortFilterProxyModel *>(model)) {
            testModel(model);
            ++watched;
        }
    }
    return watched;
}

} // namespace glassbox::test
