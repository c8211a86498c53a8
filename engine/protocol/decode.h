#pragma once

// The decoder contract shared by every wire codec (docs: style.md, "The
// decoder contract"). A decoder looks at a byte view and answers one of:
//   ok(value, consumed)  - one whole item; the caller advances by consumed;
//   needMore(atLeast)    - the item is incomplete; nothing was consumed and
//                          at least `atLeast` bytes (counted from the start of
//                          the view) are needed before it is worth asking again;
//   error(message)       - the peer broke the protocol (h11's
//                          RemoteProtocolError). Never thrown, never asserted.
//                          A codec may attach its own error kind (an enum cast
//                          to int) for callers that react per kind.

#include <QString>

#include <optional>
#include <utility>

namespace qrsync::protocol {

template<typename T> class Decode
{
public:
    enum class Status
    {
        Ok,
        NeedMore,
        Error
    };

    static Decode ok(T value, qsizetype consumed)
    {
        Decode d(Status::Ok);
        d.m_value.emplace(std::move(value));
        d.m_count = consumed;
        return d;
    }
    static Decode needMore(qsizetype atLeast)
    {
        Decode d(Status::NeedMore);
        d.m_count = atLeast;
        return d;
    }
    static Decode error(QString message, int kind = 0)
    {
        Decode d(Status::Error);
        d.m_error = std::move(message);
        d.m_count = kind;
        return d;
    }
    // Carries a NeedMore or Error of another item type over unchanged.
    template<typename U> static Decode from(const Decode<U>& other)
    {
        Q_ASSERT_X(!other.isOk(), "Decode::from", "only failures can be forwarded");
        if (other.isNeedMore())
            return needMore(other.atLeast());
        return error(other.errorMessage(), other.errorKind());
    }

    Status status() const { return m_status; }
    bool isOk() const { return m_status == Status::Ok; }
    bool isNeedMore() const { return m_status == Status::NeedMore; }
    bool isError() const { return m_status == Status::Error; }

    const T& value() const&
    {
        Q_ASSERT_X(isOk(), "Decode::value", "check isOk() first");
        return *m_value;
    }
    T&& value() &&
    {
        Q_ASSERT_X(isOk(), "Decode::value", "check isOk() first");
        return std::move(*m_value);
    }
    qsizetype consumed() const { return isOk() ? m_count : 0; }
    qsizetype atLeast() const { return isNeedMore() ? m_count : 0; }
    const QString& errorMessage() const { return m_error; }
    // The codec's error kind (0 when it has none); only meaningful on Error.
    int errorKind() const { return isError() ? int(m_count) : 0; }

private:
    explicit Decode(Status s)
        : m_status(s)
    {}

    Status m_status;
    std::optional<T> m_value;
    qsizetype m_count = 0;
    QString m_error;
};

} // namespace qrsync::protocol
