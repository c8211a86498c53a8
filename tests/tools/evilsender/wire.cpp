#include "wire.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

namespace evil {

using namespace qrsync::protocol;

void Wire::die(const QByteArray& why)
{
    if (qEnvironmentVariableIsSet("QRSYNC_EVIL_DEBUG"))
        std::fprintf(stderr, "evilsender: %s\n", why.constData());
    ::_exit(0);
}

void Wire::hangUp()
{
    flush();
    // The remote shell may hand us one socket as stdin and stdout: shut
    // its sending half; a pipe is simply closed.
    if (::shutdown(1, SHUT_WR) != 0)
        ::close(1);
    // Keep reading until the client gives up: it then sees the end of its
    // input, never a write error, whatever it was doing at the time.
    char buf[65536];
    while (::read(0, buf, sizeof buf) > 0 || errno == EINTR) {
    }
    ::_exit(0);
}

void Wire::fill()
{
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            die("client closed the connection");
        m_raw.append(buf, n);
        return;
    }
}

QByteArray Wire::readRaw(qsizetype n)
{
    while (m_raw.size() < n)
        fill();
    QByteArray out = m_raw.left(n);
    m_raw.remove(0, n);
    return out;
}

void Wire::writeRaw(QByteArrayView bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(1, bytes.data() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            die("client stopped reading");
        done += n;
    }
}

void Wire::startMultiplex()
{
    m_ndxOut = NdxEncoder(protocol);
    m_ndxIn = NdxDecoder(protocol);
    if (!m_raw.isEmpty()) {
        const QByteArray pending = std::exchange(m_raw, {});
        if (!m_demux.receive(pending))
            die("bad frame from the client");
    }
}

void Wire::fillMux()
{
    fill();
    const QByteArray pending = std::exchange(m_raw, {});
    if (!m_demux.receive(pending))
        die("bad frame from the client");
    while (auto m = m_demux.takeMessage()) {
        if (m->tag == MsgTag::ErrorExit)
            die("client sent MSG_ERROR_EXIT");
    }
}

qint32 Wire::readNdx()
{
    for (;;) {
        const auto d = m_ndxIn.decode(m_demux.data());
        if (d.isOk()) {
            m_demux.consumeData(d.consumed());
            return d.value();
        }
        if (d.isError())
            die("bad ndx from the client");
        fillMux();
    }
}

void Wire::skipData(qsizetype n)
{
    while (m_demux.bufferedData() < n)
        fillMux();
    m_demux.consumeData(n);
}

void Wire::writeNdx(qint32 ndx)
{
    QByteArray out;
    m_ndxOut.encode(out, ndx);
    m_mux.writeData(out);
}

void Wire::writeMessage(MsgTag tag, QByteArrayView body)
{
    m_mux.writeMessage(tag, body);
}

void Wire::flush()
{
    m_mux.flush();
    writeRaw(m_mux.takeOutgoing());
}

} // namespace evil
