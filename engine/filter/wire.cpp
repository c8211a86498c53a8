#include "filter/wire.h"

#include <QString>

#include <QtEndian>

namespace qrsync::filter {

namespace {

// send_rules()'s "elide": which side a client-side rule must stay away from.
enum class Elide
{
    None,
    Local,
    Remote
};

Elide elideFor(const Rule& rule, bool amSender, bool deleteExcluded)
{
    // Local: applies only here, not sent. Remote: applies only on the peer.
    const Elide here = amSender ? Elide::Local : Elide::Remote;
    const Elide there = amSender ? Elide::Remote : Elide::Local;
    Elide elide = Elide::None;
    if (rule.senderSide)
        elide = here;
    if (rule.receiverSide)
        elide = elide != Elide::None ? Elide::None : there;
    else if (deleteExcluded && elide == Elide::None && (!rule.perDirMerge || rule.noPrefixes))
        elide = here;
    return elide;
}

void appendRules(QList<QByteArray>& out, const QList<Rule>& rules, const QList<Rule>& cvsRules,
                 bool amSender, bool deleteExcluded)
{
    for (const Rule& rule : rules) {
        if (rule.fromCvsOption && !amSender)
            continue; // added after sending when pulling
        if (elideFor(rule, amSender, deleteExcluded) == Elide::Local)
            continue;
        if (rule.cvsIgnore && !rule.perDirMerge && amSender) {
            // A sender expands "-C": the receiving server has no -C list.
            appendRules(out, cvsRules, {}, amSender, deleteExcluded);
            continue;
        }
        out.append(rule.text());
    }
}

} // namespace

bool clientSendsFilterList(bool amSender, bool deleteMode, bool deleteExcluded, bool pruneEmptyDirs)
{
    Q_UNUSED(deleteExcluded); // matters only below protocol 29
    const bool receiverWantsList = pruneEmptyDirs || deleteMode;
    return !amSender || receiverWantsList;
}

QList<QByteArray> rulesForWire(const FilterList& list, bool amSender)
{
    QList<QByteArray> out;
    appendRules(out, list.rules(), list.cvsRules(), amSender, list.options().deleteExcluded);
    return out;
}

QByteArray encodeFilterList(const QList<QByteArray>& rules)
{
    QByteArray out;
    auto putInt = [&out](qint32 v) {
        char buf[4];
        qToLittleEndian(v, buf);
        out.append(buf, 4);
    };
    for (const QByteArray& rule : rules) {
        putInt(qint32(rule.size()));
        out += rule;
    }
    putInt(0);
    return out;
}

Result<FilterList> parseWireRules(const QList<QByteArray>& rules,
                                  const ServerFilterOptions& options, const FileLoader& loader)
{
    FilterList list(options.parse);
    for (const QByteArray& rule : rules) {
        if (rule.size() > kMaxWireRuleLength)
            return makeError(ExitCode::Malloc, QStringLiteral("buffer overflow: recv_rules"));
        auto r = list.addParsed(rule, 0, loader);
        if (!r)
            return tl::unexpected(r.error());
    }
    // recv_filter_list(): from protocol 29 only a server sender adds the -C
    // rules; a server receiver got the expanded list from the client.
    if (options.cvsExclude && options.amSender) {
        auto r = list.addCvsExclude();
        if (!r)
            return tl::unexpected(r.error());
    }
    return list;
}

} // namespace qrsync::filter
