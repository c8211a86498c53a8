#pragma once

// A server that refuses the session once the binary protocol has started,
// as a daemon does for a read-only module or a refused option (rsync
// main.c do_server_recv, clientserver.c option_error): the handshake runs
// so that the client can read multiplexed messages, then `text` goes out
// as MSG_ERROR, followed by the exit code.

#include "session/role.h"

namespace qrsync::session {

class ErrorRole final : public Role
{
public:
    // `text` is sent as is (a trailing newline is added when missing).
    ErrorRole(HandshakeSettings handshake, ExitCode code, QByteArray text, const char* who);
    const char* whoAmI() const override { return m_who; }

protected:
    void start() override;
    bool step() override { return false; }

private:
    ExitCode m_code;
    QByteArray m_text;
    const char* m_who;
};

} // namespace qrsync::session
