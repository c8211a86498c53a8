#include "daemon/refuseoptions.h"

#include "filter/wildmatch.h"
#include "options/optiontable.h"

#include <QRegularExpression>

namespace qrsync::daemon {

namespace {

bool exactOnly(const options::OptionSpec& op)
{
    static const char* const names[] = {"iconv",        "no-iconv",      "checksum-seed",
                                        "copy-devices", "write-devices", "log-format",
                                        "sender",       "server",        "out-format"};
    if (op.shortName == 'e' || op.shortName == '0' || op.shortName == 's' || op.shortName == 'n')
        return true;
    if (!op.longName)
        return false;
    for (const char* n : names) {
        if (qstrcmp(n, op.longName) == 0)
            return true;
    }
    return false;
}

bool wordMatches(const QString& word, const options::OptionSpec& op)
{
    const QByteArray w = word.toUtf8();
    if (op.longName && filter::wildMatch(w, op.longName))
        return true;
    if (op.shortName) {
        const char letter[2] = {op.shortName, 0};
        return filter::wildMatch(w, letter);
    }
    return false;
}

bool isRefused(const QStringList& words, const options::OptionSpec& op)
{
    bool refused = false;
    const QString name = op.longName ? QString::fromLatin1(op.longName) : QString();
    // Refused by every daemon unless a later exact "!name" accepts it.
    static const char* const byDefault[] = {"copy-devices", "write-devices", "insecure-links"};
    for (const char* n : byDefault) {
        if (name == QLatin1String(n))
            refused = true;
    }
    for (QString word : words) {
        bool negated = false;
        if (word.startsWith(QLatin1Char('!')) && word.size() > 1) {
            negated = true;
            word.remove(0, 1);
        }
        if (word == QLatin1String("a") || word == QLatin1String("archive"))
            word = QStringLiteral("[ardlptgoD]");
        const bool wild = word.contains(QRegularExpression(QStringLiteral("[*?\\[]")));
        if (wild && exactOnly(op))
            continue;
        if (wordMatches(word, op))
            refused = !negated;
    }
    if (name.startsWith(QLatin1String("log-file")))
        refused = true;
    return refused;
}

} // namespace

QStringList optionsUsed(const QStringList& serverArgs)
{
    QStringList used;
    for (const QString& a : serverArgs) {
        if (a == QLatin1String("."))
            break;
        if (a.startsWith(QLatin1String("--"))) {
            const QString name = a.mid(2).section(QLatin1Char('='), 0, 0);
            if (!name.isEmpty())
                used << name;
            continue;
        }
        if (!a.startsWith(QLatin1Char('-')))
            continue;
        for (qsizetype i = 1; i < a.size(); ++i) {
            const QChar c = a[i];
            if (const options::OptionSpec* op = options::findShortOption(c))
                used << (op->longName ? QString::fromLatin1(op->longName) : op->key());
            if (c == QLatin1Char('e'))
                break; // the rest is capability letters
        }
    }
    return used;
}

std::optional<QString> refusedOption(const QStringList& refuseWords, const QStringList& serverArgs)
{
    for (const QString& name : optionsUsed(serverArgs)) {
        const options::OptionSpec* op = name.startsWith(QLatin1Char('-'))
                                            ? options::findShortOption(name.at(1))
                                            : options::findLongOption(name);
        if (!op)
            continue;
        if (!isRefused(refuseWords, *op))
            continue;
        QString text = QStringLiteral("The server is configured to refuse ") + op->displayName();
        if (op->longName && op->shortName)
            text += QStringLiteral(" (-%1)").arg(QLatin1Char(op->shortName));
        return text;
    }
    return std::nullopt;
}

} // namespace qrsync::daemon
