// Where the helper's blocking and long work runs, so that the event loop answers every other
// client meanwhile: a pool of threads, serial queues on it (one per container for its
// lifecycle, one for the image store's changes, one for layer analyses), and the results
// handed back to the main thread, where the Qt objects and the bus are touched.
//
// Work runs on a pool thread and must not touch a QObject: it captures values and the
// thread-safe core objects (the image store and the runtime's state are const objects over
// files and flocks). Its continuation runs on the main thread and checks with a QPointer
// whether the object it continues still exists; a D-Bus reply is sent in any case.
#pragma once

#include <QObject>
#include <QThreadPool>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace glassbox::helper {

class Workers : public QObject
{
    Q_OBJECT
public:
    explicit Workers(QObject *parent = nullptr);
    /// Waits for the work under way (the idle exit only comes when there is none).
    ~Workers() override;

    /// Runs `work()` on a pool thread, then `done(result)` on the main thread. Not ordered
    /// with other work: for reads that need no serialization.
    template <typename Work, typename Done> void run(Work work, Done done)
    {
        start(wrap(std::move(work), std::move(done)));
    }

    /// Whether any work is queued or under way.
    [[nodiscard]] bool busy() const { return m_inFlight > 0; }

    /// Changes of the image store (create and remove container rootfs, remove and tag
    /// images): one at a time, in the order asked.
    class Queue;
    [[nodiscard]] Queue &store() { return *m_store; }
    /// Layer analyses: one at a time, so a second caller of a cold image finds it cached.
    [[nodiscard]] Queue &analyses() { return *m_analyses; }

    struct Task
    {
        std::function<void()> onWorker;
        std::function<void()> onMain;
    };

    template <typename Work, typename Done> static Task wrap(Work work, Done done)
    {
        using Result = std::invoke_result_t<Work &>;
        if constexpr (std::is_void_v<Result>) {
            return {std::move(work), std::move(done)};
        } else {
            // Written on the worker, read on the main thread after the queued call that
            // follows the write (QMetaObject::invokeMethod orders them).
            auto result = std::make_shared<std::optional<Result>>();
            return {[work = std::move(work), result]() mutable { result->emplace(work()); },
                    [done = std::move(done), result]() mutable {
                        done(std::move(**result));
                    }};
        }
    }

private:
    friend class Queue;
    void start(Task task);

    QThreadPool m_pool;
    int m_inFlight = 0; ///< main thread only
    std::unique_ptr<Queue> m_store;
    std::unique_ptr<Queue> m_analyses;
};

/// A serial queue on the workers' pool: the next work starts once the previous one's
/// continuation has run on the main thread. A queue may be destroyed with work pending (a
/// removed container's): that work still runs, its continuation finds its object gone.
class Workers::Queue
{
public:
    explicit Queue(Workers *workers);

    template <typename Work, typename Done> void run(Work work, Done done)
    {
        push(Workers::wrap(std::move(work), std::move(done)));
    }

private:
    struct State
    {
        Workers *workers;
        std::deque<Task> waiting;
        bool running = false;
    };
    void push(Task task);
    static void next(const std::shared_ptr<State> &state);

    std::shared_ptr<State> m_state;
};

} // namespace glassbox::helper
