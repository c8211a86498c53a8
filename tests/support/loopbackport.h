#pragma once

// Ports on 127.0.0.1 for the servers tests start (rsync --daemon, sshd,
// qrsync --daemon): never anything but loopback.

#include <QtGlobal>

namespace qrsync::test {

// Binds to port 0 and asks which port the kernel chose. Another process
// may take it before the server does: fixtures retry their start.
quint16 freeLoopbackPort();
// True when something accepts a connection on 127.0.0.1:port now.
bool acceptsOnLoopback(quint16 port);
// Polls acceptsOnLoopback() until it is true or timeoutMs has passed.
bool waitForListener(quint16 port, int timeoutMs);

} // namespace qrsync::test
