#include "protocol/filterwire.h"

#include "protocol/reader.h"

namespace qrsync::protocol {

bool encodeFilterList(QByteArray& out, const QList<QByteArray>& rules)
{
    for (const QByteArray& rule : rules) {
        if (rule.isEmpty() || rule.size() > kMaxFilterRuleLength)
            return false;
    }
    for (const QByteArray& rule : rules) {
        encodeI32(out, qint32(rule.size()));
        out.append(rule);
    }
    encodeI32(out, 0);
    return true;
}

Decode<std::optional<QByteArray>> decodeFilterRule(QByteArrayView in)
{
    using D = Decode<std::optional<QByteArray>>;
    auto len = decodeI32(in);
    if (!len.isOk())
        return D::from(len);
    // Stock reads the length as unsigned, so a negative one is huge.
    const quint32 n = quint32(len.value());
    if (n == 0)
        return D::ok(std::nullopt, 4);
    if (n > quint32(kMaxFilterRuleLength))
        return D::error(QStringLiteral("overflow: recv_rules (rule of %1 bytes)").arg(n));
    if (in.size() < 4 + qsizetype(n))
        return D::needMore(4 + qsizetype(n));
    return D::ok(in.sliced(4, n).toByteArray(), 4 + qsizetype(n));
}

Decode<QList<QByteArray>> decodeFilterList(QByteArrayView in, qsizetype maxListBytes)
{
    using D = Decode<QList<QByteArray>>;
    QList<QByteArray> rules;
    qsizetype pos = 0;
    while (true) {
        auto rule = decodeFilterRule(in.sliced(pos));
        if (rule.isError())
            return D::error(rule.errorMessage());
        if (rule.isNeedMore()) {
            const qsizetype need = pos + rule.atLeast();
            if (need > maxListBytes)
                return D::error(
                    QStringLiteral("filter list longer than %1 bytes").arg(maxListBytes));
            return D::needMore(need);
        }
        pos += rule.consumed();
        if (!rule.value())
            return D::ok(std::move(rules), pos);
        if (pos > maxListBytes)
            return D::error(QStringLiteral("filter list longer than %1 bytes").arg(maxListBytes));
        rules.append(*rule.value());
    }
}

} // namespace qrsync::protocol
