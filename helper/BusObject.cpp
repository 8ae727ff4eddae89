// Authorize, do, publish (see BusObject.h).
#include "BusObject.h"

#include "DBusSignals.h"
#include "HelperContext.h"
#include "Workers.h"

#include <QPointer>

namespace glassbox::helper {

BusObject::BusObject(HelperContext *context, QString interface, HelperError gone, QObject *parent)
    : QObject(parent), m_context(context), m_interface(std::move(interface)),
      m_gone(std::move(gone))
{
}

void BusObject::authorized(Authorization authorization, Work work)
{
    setDelayedReply(true);
    authorizedToo(BusCall(m_context->bus, message()), authorization, std::move(work));
}

void BusObject::authorizedByCaller(std::function<Authorization(Authorizer::Uid)> choose, Work work)
{
    setDelayedReply(true);
    const BusCall call(m_context->bus, message());
    m_context->authorizer->callerUid(message(), [self = QPointer<BusObject>(this), call,
                                                 choose = std::move(choose), work = std::move(work),
                                                 gone = m_gone](Authorizer::Uid uid) {
        if (!self)
            return call.fail(gone);
        self->authorizedToo(call, choose(uid), work);
    });
}

void BusObject::authorizedToo(const BusCall &call, const Authorization &authorization, Work work)
{
    m_context->authorizer->check(call.message(), authorization.actions, authorization.details,
                                 [self = QPointer<BusObject>(this), call,
                                  refusal = authorization.refusal, work = std::move(work),
                                  gone = m_gone](bool ok) {
                                     if (!ok)
                                         return call.fail(HelperError::notAuthorized(refusal));
                                     if (!self)
                                         return call.fail(gone);
                                     work(call);
                                 });
}

void BusObject::authorizedAndIdentified(Authorization authorization, IdentifiedWork work)
{
    setDelayedReply(true);
    const BusCall call(m_context->bus, message());
    m_context->authorizer->checkAndIdentify(
        message(), authorization.actions, authorization.details,
        [self = QPointer<BusObject>(this), call, refusal = authorization.refusal,
         work = std::move(work), gone = m_gone](bool ok, Authorizer::Uid uid) {
            if (!ok)
                return call.fail(HelperError::notAuthorized(refusal));
            if (!self)
                return call.fail(gone);
            work(call, uid);
        });
}

void BusObject::answerFromWorker(const BusCall &call,
                                 std::function<HelperResult<QVariantList>()> work)
{
    m_context->workers->run(std::move(work), [call](const HelperResult<QVariantList> &answer) {
        if (answer)
            call.reply(*answer);
        else
            call.fail(answer.error());
    });
}

void BusObject::publishChanges()
{
    QVariantMap now = properties();
    if (m_published)
        DBusSignals::propertiesChanged(*m_context, path(), m_interface, *m_published, now);
    m_published = std::move(now);
}

} // namespace glassbox::helper
