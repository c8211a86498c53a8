#pragma once

// Blocking stdin/stdout plumbing for the misbehaving test server: the raw
// start of a session, then multiplexed frames both ways (framing.md §4).
// Test code only: a short read or a protocol error from the client ends the
// process.

#include "protocol/decode.h"
#include "protocol/multiplex.h"
#include "protocol/ndx.h"

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace evil {

class Wire
{
public:
    // Raw phase: blocks until n bytes are buffered; returns them (consumed).
    QByteArray readRaw(qsizetype n);
    // Raw phase: decodes one item with `decode` from the buffered raw bytes.
    template<typename T>
    T readRawItem(const std::function<qrsync::protocol::Decode<T>(QByteArrayView)>& decode)
    {
        for (;;) {
            const auto d = decode(QByteArrayView(m_raw));
            if (d.isOk()) {
                m_raw.remove(0, d.consumed());
                return d.value();
            }
            if (d.isError())
                die("raw decode: " + d.errorMessage().toUtf8());
            fill();
        }
    }
    void writeRaw(QByteArrayView bytes);

    // From here on both directions are multiplexed.
    void startMultiplex();

    template<typename T>
    T readItem(const std::function<qrsync::protocol::Decode<T>(QByteArrayView)>& decode)
    {
        for (;;) {
            const auto d = decode(m_demux.data());
            if (d.isOk()) {
                m_demux.consumeData(d.consumed());
                return d.value();
            }
            if (d.isError())
                die("decode: " + d.errorMessage().toUtf8());
            fillMux();
        }
    }
    qint32 readNdx();
    void skipData(qsizetype n);

    void writeData(QByteArrayView bytes) { m_mux.writeData(bytes); }
    void writeNdx(qint32 ndx);
    void writeMessage(qrsync::protocol::MsgTag tag, QByteArrayView body);
    void flush();

    [[noreturn]] static void die(const QByteArray& why);
    // Lets the client see EOF: closes stdout, drains stdin until the client
    // closes, then exits.
    [[noreturn]] void hangUp();

    int protocol = 32;

private:
    void fill();
    void fillMux();

    QByteArray m_raw;
    qrsync::protocol::Demultiplexer m_demux{16 << 20};
    qrsync::protocol::Multiplexer m_mux;
    qrsync::protocol::NdxEncoder m_ndxOut{32};
    qrsync::protocol::NdxDecoder m_ndxIn{32};
};

} // namespace evil
