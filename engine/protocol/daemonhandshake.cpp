#include "protocol/daemonhandshake.h"

#include <optional>

namespace qrsync::protocol {

namespace {

constexpr QByteArrayView kGreetingPrefix("@RSYNCD: ");
constexpr QByteArrayView kAuthRequired("@RSYNCD: AUTHREQD ");
constexpr QByteArrayView kOk("@RSYNCD: OK");
constexpr QByteArrayView kExit("@RSYNCD: EXIT");
constexpr QByteArrayView kErrorPrefix("@ERROR");

template<typename T> Decode<T> fail(DaemonTextError kind, QString message)
{
    return Decode<T>::error(std::move(message), static_cast<int>(kind));
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// sscanf("%d"): optional blanks, an optional sign, digits. Advances `pos`.
std::optional<int> scanInt(QByteArrayView text, qsizetype& pos)
{
    qsizetype i = pos;
    while (i < text.size() && isSpace(text[i]))
        ++i;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+'))
        negative = text[i++] == '-';
    const qsizetype digits = i;
    qint64 value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value = value * 10 + (text[i] - '0');
        if (value > 1'000'000'000)
            return std::nullopt; // nobody's protocol; avoids overflow
        ++i;
    }
    if (i == digits)
        return std::nullopt;
    pos = i;
    return int(negative ? -value : value);
}

QList<QByteArray> splitOnSpaces(QByteArrayView text)
{
    QList<QByteArray> out;
    qsizetype i = 0;
    while (i < text.size()) {
        while (i < text.size() && isSpace(text[i]))
            ++i;
        const qsizetype start = i;
        while (i < text.size() && !isSpace(text[i]))
            ++i;
        if (i > start)
            out.append(text.sliced(start, i - start).toByteArray());
    }
    return out;
}

} // namespace

// --- lines ---

Decode<QByteArray> decodeDaemonLine(QByteArrayView in)
{
    // Stock drops '\r' without counting it; we also cap the raw bytes so a
    // peer cannot keep us scanning a line of carriage returns forever.
    constexpr qsizetype kRawLimit = 2 * kMaxDaemonLineLength;
    qsizetype kept = 0;
    for (qsizetype i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '\n') {
            QByteArray line;
            line.reserve(kept);
            for (qsizetype j = 0; j < i; ++j) {
                if (in[j] != '\r')
                    line.append(in[j]);
            }
            return Decode<QByteArray>::ok(std::move(line), i + 1);
        }
        if (c == '\0')
            return fail<QByteArray>(DaemonTextError::NulInLine,
                                    QStringLiteral("NUL byte in a daemon text line"));
        if ((c != '\r' && ++kept > kMaxDaemonLineLength) || i >= kRawLimit)
            return fail<QByteArray>(
                DaemonTextError::LineTooLong,
                QStringLiteral("daemon text line longer than %1 bytes").arg(kMaxDaemonLineLength));
    }
    return Decode<QByteArray>::needMore(in.size() + 1);
}

void encodeDaemonLine(QByteArray& out, QByteArrayView text)
{
    Q_ASSERT_X(!text.contains('\n') && !text.contains('\0'), "encodeDaemonLine",
               "a daemon line holds no newline or NUL");
    out.append(text);
    out.append('\n');
}

// --- greeting ---

void encodeDaemonGreeting(QByteArray& out, int protocol, int subprotocol,
                          const QList<QByteArray>& digests)
{
    QByteArray line = kGreetingPrefix.toByteArray() + QByteArray::number(protocol) + '.' +
                      QByteArray::number(subprotocol);
    if (!digests.isEmpty())
        line += ' ' + digests.join(' ');
    encodeDaemonLine(out, line);
}

Decode<DaemonGreeting> decodeDaemonGreeting(QByteArrayView in)
{
    auto lineDecode = decodeDaemonLine(in);
    if (!lineDecode.isOk())
        return Decode<DaemonGreeting>::from(lineDecode);
    const qsizetype consumed = lineDecode.consumed();
    const QByteArray line = std::move(lineDecode).value();

    if (!line.startsWith(kGreetingPrefix))
        return fail<DaemonGreeting>(DaemonTextError::NotAGreeting,
                                    QStringLiteral("not a daemon greeting"));
    qsizetype pos = kGreetingPrefix.size();
    const std::optional<int> protocol = scanInt(line, pos);
    if (!protocol)
        return fail<DaemonGreeting>(DaemonTextError::NotAGreeting,
                                    QStringLiteral("not a daemon greeting"));
    DaemonGreeting g;
    g.protocol = *protocol;
    g.line = line;
    std::optional<int> sub;
    if (pos < line.size() && line[pos] == '.') {
        ++pos;
        sub = scanInt(line, pos);
    }
    if (!sub) {
        if (g.protocol >= 30)
            return fail<DaemonGreeting>(DaemonTextError::NoSubprotocol,
                                        QStringLiteral("greeting without a subprotocol"));
        sub = 0;
    }
    g.subprotocol = *sub;

    // exchange_protocols(): the list is whatever follows the first space
    // after the "@RSYNCD:" word.
    const qsizetype space = line.indexOf(' ', kGreetingPrefix.size());
    if (space >= 0) {
        g.hasDigestList = true;
        g.digests = splitOnSpaces(QByteArrayView(line).sliced(space + 1));
    } else if (g.protocol > 31) {
        return fail<DaemonGreeting>(DaemonTextError::NoDigestList,
                                    QStringLiteral("greeting without a digest list"));
    }
    return Decode<DaemonGreeting>::ok(std::move(g), consumed);
}

QByteArray greetingErrorText(DaemonTextError kind, QByteArrayView line, bool amClient)
{
    switch (kind) {
    case DaemonTextError::NotAGreeting:
        if (amClient)
            return "rsync: server sent \"" + line.toByteArray() + "\" rather than greeting";
        return "@ERROR: protocol startup error";
    case DaemonTextError::NoSubprotocol:
        if (amClient)
            return "rsync: the server omitted the subprotocol value: " + line.toByteArray();
        return "@ERROR: your client omitted the subprotocol value: " + line.toByteArray();
    case DaemonTextError::NoDigestList:
        if (amClient)
            return "rsync: the server omitted the digest name list: " + line.toByteArray();
        return "@ERROR: your client omitted the digest name list: " + line.toByteArray();
    case DaemonTextError::None:
    case DaemonTextError::LineTooLong:
    case DaemonTextError::NulInLine:
    case DaemonTextError::TooManyArgs:
    case DaemonTextError::BadAuthResponse:
        break;
    }
    // A line that could not be read at all: stock's client says this, its
    // daemon just hangs up.
    return amClient ? QByteArray("rsync: did not see server greeting") : QByteArray();
}

int daemonSessionProtocol(int ours, int ourSub, int remote, int remoteSub)
{
    int protocol = ours;
    if (ours > remote) {
        protocol = remote;
        if (remoteSub != 0)
            --protocol;
    } else if (ours == remote) {
        if (remoteSub != ourSub)
            --protocol;
    } else if (ourSub != 0) {
        --protocol;
    }
    return protocol;
}

// --- module request ---

void encodeModuleRequest(QByteArray& out, QByteArrayView module)
{
    encodeDaemonLine(out, module);
}

// --- daemon replies ---

Decode<DaemonReply> decodeDaemonReply(QByteArrayView in)
{
    auto lineDecode = decodeDaemonLine(in);
    if (!lineDecode.isOk())
        return Decode<DaemonReply>::from(lineDecode);
    const qsizetype consumed = lineDecode.consumed();
    QByteArray line = std::move(lineDecode).value();
    DaemonReply r;
    if (line.startsWith(kAuthRequired)) {
        r.kind = DaemonReply::Kind::AuthRequired;
        r.text = line.mid(kAuthRequired.size());
    } else if (line == kOk) {
        r.kind = DaemonReply::Kind::Ok;
    } else if (line == kExit) {
        r.kind = DaemonReply::Kind::Exit;
    } else if (line.startsWith(kErrorPrefix)) {
        r.kind = DaemonReply::Kind::Error;
        r.text = std::move(line);
    } else {
        r.kind = DaemonReply::Kind::Text;
        r.text = std::move(line);
    }
    return Decode<DaemonReply>::ok(std::move(r), consumed);
}

void encodeDaemonReply(QByteArray& out, const DaemonReply& reply)
{
    switch (reply.kind) {
    case DaemonReply::Kind::AuthRequired:
        encodeDaemonLine(out, QByteArray(kAuthRequired.toByteArray() + reply.text));
        return;
    case DaemonReply::Kind::Ok:
        encodeDaemonLine(out, kOk);
        return;
    case DaemonReply::Kind::Exit:
        encodeDaemonLine(out, kExit);
        return;
    case DaemonReply::Kind::Error:
    case DaemonReply::Kind::Text:
        encodeDaemonLine(out, reply.text);
        return;
    }
}

void encodeModuleListing(QByteArray& out, QByteArrayView name, QByteArrayView comment)
{
    QByteArray line = name.toByteArray();
    if (line.size() < 15)
        line.append(QByteArray(15 - line.size(), ' '));
    line.append('\t');
    line.append(comment);
    encodeDaemonLine(out, line);
}

void encodeMotd(QByteArray& out, QByteArrayView motdFile)
{
    out.append(motdFile);
    out.append('\n');
}

// --- authentication ---

void encodeAuthResponse(QByteArray& out, QByteArrayView user, QByteArrayView response)
{
    const QByteArray who = user.isEmpty() ? QByteArray("nobody") : user.toByteArray();
    encodeDaemonLine(out, QByteArray(who + ' ' + response.toByteArray()));
}

Decode<AuthResponseLine> decodeAuthResponse(QByteArrayView in)
{
    auto lineDecode = decodeDaemonLine(in);
    if (!lineDecode.isOk())
        return Decode<AuthResponseLine>::from(lineDecode);
    const QByteArray& line = lineDecode.value();
    const qsizetype space = line.indexOf(' ');
    if (space < 0)
        return fail<AuthResponseLine>(DaemonTextError::BadAuthResponse,
                                      QStringLiteral("invalid challenge response"));
    return Decode<AuthResponseLine>::ok({line.left(space), line.mid(space + 1)},
                                        lineDecode.consumed());
}

// --- server arguments ---

void encodeDaemonArgs(QByteArray& out, const QList<QByteArray>& args, int protocol)
{
    const char end = protocol >= 30 ? '\0' : '\n';
    for (const QByteArray& arg : args) {
        Q_ASSERT_X(!arg.isEmpty() && !arg.contains(end), "encodeDaemonArgs",
                   "an argument is non-empty and holds no terminator");
        out.append(arg);
        out.append(end);
    }
    out.append(end);
}

Decode<QList<QByteArray>> decodeDaemonArgs(QByteArrayView in, int protocol)
{
    const bool nulls = protocol >= 30;
    QList<QByteArray> args;
    qsizetype pos = 0;
    while (true) {
        qsizetype end = pos;
        qsizetype kept = 0;
        while (end < in.size()) {
            const char c = in[end];
            if (nulls ? c == '\0' : (c == '\n' || c == '\r'))
                break;
            if (++kept > kMaxDaemonLineLength)
                return fail<QList<QByteArray>>(
                    DaemonTextError::LineTooLong,
                    QStringLiteral("daemon argument longer than %1 bytes")
                        .arg(kMaxDaemonLineLength));
            ++end;
        }
        if (end == in.size())
            return Decode<QList<QByteArray>>::needMore(in.size() + 1);
        if (end == pos)
            return Decode<QList<QByteArray>>::ok(std::move(args), end + 1);
        if (args.size() >= kMaxDaemonArgs)
            return fail<QList<QByteArray>>(DaemonTextError::TooManyArgs,
                                           QStringLiteral("too many daemon arguments"));
        args.append(in.sliced(pos, end - pos).toByteArray());
        pos = end + 1;
    }
}

} // namespace qrsync::protocol
