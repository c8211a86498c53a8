#include "session/errorrole.h"

namespace qrsync::session {

ErrorRole::ErrorRole(HandshakeSettings handshake, ExitCode code, QByteArray text, const char* who)
    : Role(std::move(handshake))
    , m_code(code)
    , m_text(std::move(text))
    , m_who(who)
{
    if (!m_text.endsWith('\n'))
        m_text += '\n';
    setRelayFatalErrors(true);
}

void ErrorRole::start()
{
    // One message per line, as stock writes them: a client shows a newline
    // inside a message as "\#012".
    qsizetype start = 0;
    while (start < m_text.size()) {
        const qsizetype end = m_text.indexOf('\n', start);
        writeMessage(protocol::MsgTag::Error,
                     QByteArrayView(m_text).sliced(start, end + 1 - start));
        start = end + 1;
    }
    // An empty message: the relay adds only the "error (code N)" line and
    // MSG_ERROR_EXIT after our own text.
    fail(Error{m_code, {}, {}});
}

} // namespace qrsync::session
