// The helper's worker threads and serial queues (see Workers.h).
#include "Workers.h"

#include <QMetaObject>

namespace glassbox::helper {

namespace {

/// Threads for work that may wait: on a container's lock (a runtime command of another
/// client), on the store lock (an import reading a slow pipe holds it up to its stall
/// timeout). Each serial queue uses at most one; reads that wait too take one each.
constexpr int kMaxThreads = 32;

} // namespace

Workers::Workers(QObject *parent)
    : QObject(parent), m_store(std::make_unique<Queue>(this)),
      m_analyses(std::make_unique<Queue>(this))
{
    m_pool.setMaxThreadCount(kMaxThreads);
    m_pool.setObjectName(QStringLiteral("glassbox-workers"));
}

Workers::~Workers()
{
    m_pool.waitForDone();
}

void Workers::start(Task task)
{
    ++m_inFlight;
    m_pool.start([this, task = std::move(task)]() mutable {
        task.onWorker();
        // Queued to this object, which outlives every task (the destructor waits): the
        // continuation runs on the main thread, in the order the tasks ended.
        QMetaObject::invokeMethod(
            this,
            [this, onMain = std::move(task.onMain)] {
                --m_inFlight;
                onMain();
            },
            Qt::QueuedConnection);
    });
}

Workers::Queue::Queue(Workers *workers) : m_state(std::make_shared<State>(State{workers, {}})) {}

void Workers::Queue::push(Task task)
{
    m_state->waiting.push_back(std::move(task));
    if (!m_state->running)
        next(m_state);
}

void Workers::Queue::next(const std::shared_ptr<State> &state)
{
    if (state->waiting.empty()) {
        state->running = false;
        return;
    }
    state->running = true;
    Task task = std::move(state->waiting.front());
    state->waiting.pop_front();
    state->workers->start({std::move(task.onWorker), [state, onMain = std::move(task.onMain)] {
                               onMain();
                               next(state);
                           }});
}

} // namespace glassbox::helper
