#include "jobs/filtertester.h"

#include "filter/filterlist.h"
#include "filter/filterstack.h"

namespace qrsync::jobs {

namespace {

int indexOfRule(const filter::FilterList& list, const QByteArray& text,
                const QList<int>& ruleOfListEntry)
{
    const QList<filter::Rule>& rules = list.rules();
    for (qsizetype i = 0; i < rules.size(); ++i) {
        if (rules[i].text() == text)
            return ruleOfListEntry.value(i, -1);
    }
    return -1;
}

} // namespace

FilterVerdict testFilterPath(const QStringList& rules, const QString& path, bool isDirectory)
{
    FilterVerdict v;
    filter::FilterList list;
    // One user rule can add several list entries ("-e" style modifiers) or
    // none (a "clear"); remember which user rule each entry came from.
    QList<int> ruleOfListEntry;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        auto added = list.addFilter(rules[i].toUtf8());
        if (!added) {
            v.valid = false;
            v.errorRule = int(i);
            v.error = added.error().message;
            return v;
        }
        while (ruleOfListEntry.size() < list.rules().size())
            ruleOfListEntry << int(i);
    }

    QString clean = path.trimmed();
    while (clean.startsWith(QLatin1Char('/')))
        clean.remove(0, 1);
    if (clean.endsWith(QLatin1Char('/'))) {
        isDirectory = true;
        while (clean.endsWith(QLatin1Char('/')))
            clean.chop(1);
    }
    if (clean.isEmpty())
        return v;

    filter::FilterStack stack(list);
    const filter::FileLoader noFiles = [](const QByteArray&) -> Result<std::optional<QByteArray>> {
        return std::optional<QByteArray>();
    };
    (void)stack.enterDirectory(QByteArray(), noFiles);

    const QStringList parts = clean.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString prefix;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        prefix += (prefix.isEmpty() ? QString() : QStringLiteral("/")) + parts[i];
        const bool last = i == parts.size() - 1;
        const bool dir = last ? isDirectory : true;
        const filter::MatchResult m = stack.check(prefix.toUtf8(), dir, filter::Side::Sender);
        if (m.verdict == filter::MatchResult::Verdict::NoMatch && !last)
            continue;
        if (!last && !m.excluded())
            continue; // an included folder: its contents are checked on their own
        v.included = !m.excluded();
        if (m.verdict != filter::MatchResult::Verdict::NoMatch) {
            v.ruleText = QString::fromUtf8(m.ruleText);
            v.ruleIndex = indexOfRule(list, m.ruleText, ruleOfListEntry);
            v.decidedAt = prefix + (dir ? QStringLiteral("/") : QString());
        }
        return v;
    }
    return v;
}

} // namespace qrsync::jobs
