// What every object the helper exports does the same way: authorize a call with polkit
// (asynchronously, with details for the prompt), then do the work, then tell the viewers what
// changed (PropertiesChanged with the properties whose value differs from what they were told
// last). Container, Image, Job and Manager derive from it.
#pragma once

#include "Authorizer.h"
#include "BusCall.h"
#include "HelperError.h"

#include <QDBusContext>
#include <QObject>
#include <QStringList>
#include <QVariantMap>
#include <functional>
#include <optional>

namespace glassbox::helper {

struct HelperContext;

class BusObject : public QObject, protected QDBusContext
{
    Q_OBJECT
public:
    /// What polkit is asked to grant, and what a caller it refuses is told.
    struct Authorization
    {
        QStringList actions;
        Authorizer::Details details;
        /// NotAuthorized's text when polkit refuses.
        QString refusal;
    };

    [[nodiscard]] virtual QString path() const = 0;
    /// Every property of its interface, for GetManagedObjects and InterfacesAdded.
    [[nodiscard]] virtual QVariantMap properties() const = 0;

protected:
    /// `interface`: the contract's interface the properties belong to. `gone`: what a caller
    /// hears when the object was removed while polkit was asked.
    BusObject(HelperContext *context, QString interface, HelperError gone, QObject *parent);

    using Work = std::function<void(const BusCall &call)>;
    /// Defers the reply to the current call and asks polkit; refused: NotAuthorized; the
    /// object removed meanwhile: NotFound; granted: `work`, which answers the call.
    void authorized(Authorization authorization, Work work);
    /// authorized() when what is asked depends on who asks: `choose(uid)` names it, the uid
    /// being the caller's (nothing if the bus could not say).
    void authorizedByCaller(std::function<Authorization(Authorizer::Uid uid)> choose, Work work);
    /// authorized(), with the caller's uid (nothing if the bus could not say) for what the call
    /// creates and records as its owner.
    using IdentifiedWork = std::function<void(const BusCall &call, Authorizer::Uid uid)>;
    void authorizedAndIdentified(Authorization authorization, IdentifiedWork work);
    /// Asks polkit for more on a call already authorized, then `work` as authorized() does.
    void authorizedToo(const BusCall &call, const Authorization &authorization, Work work);
    /// Runs `work` on a worker (a read of files or under a lock must not hold up the event
    /// loop) and answers `call` with what it returns.
    void answerFromWorker(const BusCall &call, std::function<HelperResult<QVariantList>()> work);
    /// PropertiesChanged for what differs from the properties published last (the first call
    /// only takes note: the object's InterfacesAdded carried them).
    void publishChanges();

    HelperContext *m_context;

private:
    QString m_interface;
    HelperError m_gone;
    std::optional<QVariantMap> m_published;
};

} // namespace glassbox::helper
