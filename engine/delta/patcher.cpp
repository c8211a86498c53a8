#include "delta/patcher.h"

namespace qrsync::delta {

Patcher::Patcher(const protocol::SumHead& head, QByteArrayView basis,
                 checksum::ChecksumType fileSumType, Writer writer)
    : m_head(head)
    , m_basis(basis)
    , m_fileSum(fileSumType)
    , m_writer(std::move(writer))
{}

Result<> Patcher::write(QByteArrayView data)
{
    if (data.isEmpty())
        return {};
    if (Result<> r = m_writer(data); !r) {
        m_error = r.error();
        return r;
    }
    m_fileSum.update(data);
    m_written += data.size();
    return {};
}

Result<> Patcher::literal(QByteArrayView data)
{
    if (m_error)
        return tl::unexpected(*m_error);
    return write(data);
}

Result<> Patcher::block(qint32 index)
{
    if (m_error)
        return tl::unexpected(*m_error);
    if (index < 0 || index >= m_head.count) {
        m_error = Error{ExitCode::Protocol,
                        QStringLiteral("Invalid block index %1 (count=%2) [receiver]")
                            .arg(index)
                            .arg(m_head.count),
                        {}};
        return tl::unexpected(*m_error);
    }
    const qint64 offset = qint64(index) * m_head.blockLength;
    const qint32 length = m_head.lengthOfBlock(index);
    if (offset + length > m_basis.size()) {
        // Our own basis no longer matches the head we sent for it (it
        // changed on disk, or the caller mapped the wrong file).
        m_error = Error{
            ExitCode::FileIo, QStringLiteral("basis file too short for block %1").arg(index), {}};
        return tl::unexpected(*m_error);
    }
    return write(m_basis.sliced(offset, length));
}

QByteArray Patcher::finish()
{
    return m_fileSum.finish();
}

bool Patcher::verify(QByteArrayView expectedDigest)
{
    const QByteArray digest = finish();
    return !m_error && QByteArrayView(digest) == expectedDigest;
}

} // namespace qrsync::delta
