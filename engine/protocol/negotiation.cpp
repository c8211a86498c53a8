#include "protocol/negotiation.h"

#include "protocol/reader.h"

namespace qrsync::protocol {

namespace {

struct NameEntry
{
    const char* name;
    const char* canonical; // the main name of an alias
};

// compat.c/checksum.c tables as Debian builds them (xxhash, zstd, lz4 on).
constexpr NameEntry kChecksums[] = {
    {"xxh128", "xxh128"}, {"xxh3", "xxh3"}, {"xxh64", "xxh64"}, {"xxhash", "xxh64"},
    {"md5", "md5"},       {"md4", "md4"},   {"sha1", "sha1"},   {"none", "none"},
};
constexpr NameEntry kCompressions[] = {
    {"zstd", "zstd"}, {"lz4", "lz4"}, {"zlibx", "zlibx"}, {"zlib", "zlib"}, {"none", "none"},
};

template<typename F> void forEachEntry(NameKind kind, F f)
{
    switch (kind) {
    case NameKind::Checksum:
        for (const NameEntry& e : kChecksums)
            f(e);
        return;
    case NameKind::Compression:
        for (const NameEntry& e : kCompressions)
            f(e);
        return;
    }
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

QList<QByteArray> splitNames(QByteArrayView list)
{
    QList<QByteArray> out;
    qsizetype i = 0;
    while (i < list.size()) {
        while (i < list.size() && isBlank(list[i]))
            ++i;
        const qsizetype start = i;
        while (i < list.size() && !isBlank(list[i]))
            ++i;
        if (i > start)
            out.append(list.sliced(start, i - start).toByteArray());
    }
    return out;
}

const char* kindWord(NameKind kind)
{
    switch (kind) {
    case NameKind::Checksum:
        return "checksum";
    case NameKind::Compression:
        return "compress"; // name_num_obj.type in compat.c
    }
    return "";
}

} // namespace

QList<QByteArray> defaultNames(NameKind kind)
{
    QList<QByteArray> out;
    forEachEntry(kind, [&](const NameEntry& e) {
        const QByteArray name(e.name);
        if (name == e.canonical && name != "none")
            out.append(name);
    });
    return out;
}

std::optional<QByteArray> canonicalName(NameKind kind, QByteArrayView name)
{
    std::optional<QByteArray> found;
    forEachEntry(kind, [&](const NameEntry& e) {
        if (!found && QByteArrayView(e.name).compare(name, Qt::CaseInsensitive) == 0)
            found = QByteArray(e.canonical);
    });
    return found;
}

QByteArray offeredNameList(NameKind kind, bool amServer, std::optional<QByteArrayView> envOverride)
{
    if (envOverride) {
        QByteArrayView text = *envOverride;
        // compat.c getenv_nstr: a server reads past '&'; parse_nni_str stops
        // at the first '&', which is where a client's part ends.
        const qsizetype amp = text.indexOf('&');
        if (amServer && amp >= 0)
            text = text.sliced(amp + 1);
        else if (amp >= 0)
            text = text.first(amp);
        const QList<QByteArray> tokens = splitNames(text);
        if (!tokens.isEmpty()) {
            QList<QByteArray> chosen;
            for (const QByteArray& t : tokens) {
                auto c = canonicalName(kind, t);
                if (c && !chosen.contains(*c))
                    chosen.append(*c);
            }
            if (chosen.isEmpty())
                return QByteArray("INVALID");
            QByteArray joined = chosen.join(' ');
            // parse_nni_str never grows the list past its 256-byte buffer.
            if (joined.size() > kMaxNameListLength)
                joined.truncate(joined.lastIndexOf(' ', kMaxNameListLength));
            return joined;
        }
    }
    QList<QByteArray> names = defaultNames(kind);
    if (amServer)
        names.append("none");
    return names.join(' ');
}

Result<QByteArray> chooseName(NameKind kind, QByteArrayView clientList, QByteArrayView serverList)
{
    QList<QByteArray> offered;
    for (const QByteArray& t : splitNames(serverList)) {
        if (auto c = canonicalName(kind, t))
            offered.append(*c);
    }
    for (const QByteArray& t : splitNames(clientList)) {
        auto c = canonicalName(kind, t);
        if (c && offered.contains(*c))
            return *c;
    }
    return makeError(
        ExitCode::Unsupported,
        QStringLiteral("Failed to negotiate a %1 choice.").arg(QLatin1String(kindWord(kind))),
        QStringLiteral("client list: %1; server list: %2")
            .arg(QString::fromLatin1(clientList), QString::fromLatin1(serverList)));
}

bool encodeNameList(QByteArray& out, QByteArrayView list)
{
    if (list.size() > kMaxNameListLength)
        return false;
    return encodeVstring(out, list);
}

Decode<QByteArray> decodeNameList(QByteArrayView in)
{
    // Check the announced length first so a bogus one is refused at once.
    if (!in.isEmpty()) {
        const quint8 first = quint8(in[0]);
        if ((first & 0x80) && in.size() >= 2) {
            const qsizetype len = qsizetype(first & 0x7F) << 8 | quint8(in[1]);
            if (len > kMaxNameListLength)
                return Decode<QByteArray>::error(
                    QStringLiteral("over-long vstring received (%1 > %2)")
                        .arg(len)
                        .arg(kMaxNameListLength));
        }
    }
    return decodeVstring(in);
}

int checksumDigestLength(QByteArrayView canonical)
{
    if (canonical == "xxh128" || canonical == "md5" || canonical == "md4")
        return 16;
    if (canonical == "xxh3" || canonical == "xxh64")
        return 8;
    if (canonical == "sha1")
        return 20;
    if (canonical == "none")
        return 0;
    return -1;
}

} // namespace qrsync::protocol
