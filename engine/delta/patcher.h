#pragma once

// The receiver's side of the delta (delta.md §4; rsync receiver.c
// receive_data): turns literal and block-index tokens into the new file's
// bytes, copying blocks out of the basis, and keeps the whole-file digest
// of everything written for the check after the tokens.
//
// Sans-I/O: the bytes go to a caller-supplied writer. The first failure
// (bad index, short basis, writer error) is sticky: later calls return it.

#include "checksum/checksumtype.h"
#include "checksum/stronghasher.h"
#include "core/result.h"
#include "protocol/sumhead.h"

#include <QByteArrayView>

#include <functional>
#include <optional>

namespace qrsync::delta {

class Patcher
{
public:
    // Receives each piece of output in order. Called with views into the
    // basis or into the literal passed in; copy what must outlive the call.
    using Writer = std::function<Result<>(QByteArrayView)>;

    // `basis` must stay valid while the patcher is used; it may be empty
    // when `head` is (no basis). `fileSumType` is the negotiated checksum.
    Patcher(const protocol::SumHead& head, QByteArrayView basis, checksum::ChecksumType fileSumType,
            Writer writer);

    Result<> literal(QByteArrayView data);
    // Copies basis block `index` (a token -(index+1)). An index outside
    // [0, count) is a protocol error (exit 2), as in receive_data.
    Result<> block(qint32 index);

    qint64 bytesWritten() const { return m_written; }

    // The full digest of the bytes written so far; call once, at the end.
    QByteArray finish();
    // finish() compared with the sender's digest. false means "failed
    // verification": the caller discards the file and asks for a redo.
    bool verify(QByteArrayView expectedDigest);

private:
    Result<> write(QByteArrayView data);

    protocol::SumHead m_head;
    QByteArrayView m_basis;
    checksum::StrongHasher m_fileSum;
    Writer m_writer;
    qint64 m_written = 0;
    std::optional<Error> m_error;
};

} // namespace qrsync::delta
