#include "rsyncoutput.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace qrsync::test {

QList<QByteArray> normalizedMessages(const QByteArray& stderrText, const QByteArray& workspace)
{
    // Role tags are "[sender]", "[receiver]", "[generator]", "[Receiver]"...
    static const QRegularExpression prefix(QStringLiteral("^q?rsync: (\\[[A-Za-z]+\\] )?"));
    static const QRegularExpression errorPrefix(QStringLiteral("^q?rsync error: "));
    static const QRegularExpression location(
        QStringLiteral(" at [A-Za-z0-9_./-]+\\.c\\(\\d+\\) \\[[A-Za-z]+=[0-9.a-z]+\\]$"));
    static const QRegularExpression tempName(QStringLiteral("/\\.([^/\"]+)\\.[A-Za-z0-9]{6}\""));
    static const QRegularExpression bareTempName(
        QStringLiteral("\"\\.([^/\"]+)\\.[A-Za-z0-9]{6}\""));
    QList<QByteArray> result;
    for (QByteArray line : stderrText.split('\n')) {
        if (line.isEmpty())
            continue;
        if (!workspace.isEmpty())
            line.replace(workspace, "WS");
        QString s = QString::fromUtf8(line);
        s.replace(errorPrefix, QStringLiteral("PROG error: "));
        s.replace(prefix, QStringLiteral("PROG: "));
        s.replace(location, QString());
        s.replace(tempName, QStringLiteral("/.\\1.XXXXXX\""));
        s.replace(bareTempName, QStringLiteral("\".\\1.XXXXXX\""));
        result << s.toUtf8();
    }
    std::sort(result.begin(), result.end());
    return result;
}

QByteArray statsLine(const QByteArray& stdoutText, const QByteArray& label)
{
    const QByteArray start = label + ':';
    for (const QByteArray& line : stdoutText.split('\n')) {
        if (line.startsWith(start))
            return line;
    }
    return {};
}

std::optional<qint64> statsValue(const QByteArray& stdoutText, const QByteArray& label)
{
    const QByteArray line = statsLine(stdoutText, label);
    if (line.isEmpty())
        return std::nullopt;
    QByteArray digits;
    for (const char c : line.mid(label.size() + 1).trimmed()) {
        if (c >= '0' && c <= '9')
            digits += c;
        else if (c == ',')
            continue;
        else
            break;
    }
    bool ok = false;
    const qint64 value = digits.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

QByteArray fileSha1(const QByteArray& path)
{
    QFile f(QFile::decodeName(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha1);
    if (!h.addData(&f))
        return {};
    return h.result().toHex();
}

} // namespace qrsync::test
