#include "session/daemonclient.h"

#include "protocol/daemonhandshake.h"

#include <QStringList>

namespace qrsync::session {

namespace {

using protocol::DaemonReply;
using protocol::DaemonTextError;

// Stock's client messages carry "rsync: "; our front end adds its own name.
QString clientText(const QByteArray& stockText)
{
    QByteArray text = stockText;
    if (text.startsWith("rsync: "))
        text.remove(0, 7);
    return QString::fromUtf8(text);
}

} // namespace

DaemonClientHandshake::DaemonClientHandshake(DaemonClientSettings settings)
    : m_settings(std::move(settings))
{}

Result<qsizetype> DaemonClientHandshake::fail(Error e)
{
    m_state = State::Failed;
    m_error = e;
    return tl::unexpected(std::move(e));
}

Result<qsizetype> DaemonClientHandshake::advance(QByteArrayView in, QByteArray& out)
{
    qsizetype used = 0;
    while (m_state == State::Running) {
        const QByteArrayView rest = in.sliced(used);
        switch (m_step) {
        case Step::SendGreeting:
            // Stock writes its greeting before reading the daemon's.
            protocol::encodeDaemonGreeting(out, m_settings.protocol, 0,
                                           protocol::defaultAuthDigestNames());
            m_step = Step::ReadGreeting;
            continue;
        case Step::ReadGreeting: {
            auto g = protocol::decodeDaemonGreeting(rest);
            if (g.isNeedMore())
                return used;
            if (g.isError()) {
                const auto kind = protocol::daemonTextError(g);
                // The offending line, for "server sent X rather than greeting".
                const auto line = protocol::decodeDaemonLine(rest);
                const QByteArray text = line.isOk() ? line.value() : QByteArray();
                return fail(Error{ExitCode::StartClient,
                                  clientText(protocol::greetingErrorText(kind, text, true)),
                                  {}});
            }
            used += g.consumed();
            const protocol::DaemonGreeting& greeting = g.value();
            m_protocol = protocol::daemonSessionProtocol(m_settings.protocol, 0, greeting.protocol,
                                                         greeting.subprotocol);
            if (*m_protocol < 30)
                return fail(Error{ExitCode::Protocol,
                                  QStringLiteral("the daemon speaks protocol %1; qrsync speaks "
                                                 "protocols 30 to 32")
                                      .arg(*m_protocol),
                                  {}});
            m_peerDigests = greeting.digests;
            m_peerHasDigestList = greeting.hasDigestList;
            protocol::encodeModuleRequest(out, m_settings.module);
            m_step = Step::ReadReplies;
            continue;
        }
        case Step::ReadReplies: {
            auto r = protocol::decodeDaemonReply(rest);
            if (r.isNeedMore())
                return used;
            if (r.isError())
                return fail(Error{
                    ExitCode::StartClient, QStringLiteral("didn't get server startup line"), {}});
            used += r.consumed();
            const DaemonReply& reply = r.value();
            switch (reply.kind) {
            case DaemonReply::Kind::AuthRequired:
                m_challenge = reply.text;
                m_state = State::NeedPassword;
                return used;
            case DaemonReply::Kind::Ok:
                protocol::encodeDaemonArgs(out, m_settings.serverArgs, *m_protocol);
                m_state = State::Ready;
                return used;
            case DaemonReply::Kind::Exit:
                m_state = State::Listed;
                return used;
            case DaemonReply::Kind::Error:
                m_daemonLine = true;
                return fail(Error{ExitCode::StartClient, QString::fromUtf8(reply.text), {}});
            case DaemonReply::Kind::Text:
                m_text.append(reply.text);
                continue;
            }
            continue;
        }
        }
    }
    return used;
}

Error DaemonClientHandshake::receiveEof()
{
    if (m_state == State::Running || m_state == State::NeedPassword) {
        m_state = State::Failed;
        m_error =
            Error{ExitCode::StartClient,
                  m_step == Step::ReadReplies ? QStringLiteral("didn't get server startup line")
                                              : QStringLiteral("did not see server greeting"),
                  {}};
    }
    return m_error;
}

Result<> DaemonClientHandshake::setPassword(QByteArrayView password, QByteArray& out)
{
    Q_ASSERT_X(m_state == State::NeedPassword, "DaemonClientHandshake::setPassword",
               "only when the daemon asked for one");
    auto digest = protocol::chooseAuthDigest(m_peerDigests, m_peerHasDigestList, *m_protocol);
    if (!digest) {
        m_state = State::Failed;
        m_error = digest.error();
        return tl::unexpected(digest.error());
    }
    protocol::encodeAuthResponse(out, m_settings.user,
                                 protocol::authResponse(*digest, password, m_challenge));
    m_state = State::Running;
    return {};
}

QString daemonModuleOf(const QString& path)
{
    const qsizetype slash = path.indexOf(QLatin1Char('/'));
    return slash < 0 ? path : path.left(slash);
}

QList<QByteArray> daemonPathArguments(const QStringList& paths, const QString& module)
{
    const QString marker = QLatin1Char(' ') + module + QLatin1Char('/');
    QList<QByteArray> out;
    for (const QString& path : paths) {
        if (path == module) {
            out.append((module + QLatin1Char('/')).toUtf8());
            continue;
        }
        QString arg;
        if (path.startsWith(QLatin1Char('-')))
            arg = QStringLiteral("./");
        for (qsizetype i = 0; i < path.size(); ++i) {
            if (path.at(i) == QLatin1Char(' ') && QStringView(path).sliced(i).startsWith(marker))
                arg += QStringLiteral("[ ]");
            else
                arg += path.at(i);
        }
        out.append(arg.toUtf8());
    }
    return out;
}

} // namespace qrsync::session
