#pragma once

// What the sender and generator ask of the filter rules, kept abstract so
// the roles do not depend on how rules are parsed or merged. The local
// transfer adapts qrsync::filter to it; tests can pass a lambda-backed one.

#include "core/result.h"

#include <QByteArray>
#include <QList>

#include <functional>
#include <memory>

namespace qrsync::session {

class PathFilter
{
public:
    virtual ~PathFilter() = default;
    // relPath is the path from the transfer root ("sub/file"); isDir tells
    // directory-only rules apart.
    virtual bool excluded(const QByteArray& relPath, bool isDir) const = 0;
    // Per-directory merge files (-F, dir-merge): called before a directory's
    // entries are checked and after they are done, in nesting order.
    // absDir is the directory on disk, relDir its path from the root.
    virtual void enterDirectory(const QByteArray& absDir, const QByteArray& relDir) = 0;
    virtual void leaveDirectory() = 0;
};

// Excludes nothing.
class NoFilter final : public PathFilter
{
public:
    bool excluded(const QByteArray&, bool) const override { return false; }
    void enterDirectory(const QByteArray&, const QByteArray&) override {}
    void leaveDirectory() override {}
};

// A server learns the client's rules from the wire (exclude.c
// recv_filter_list) and makes its filter from them.
using FilterFromWire =
    std::function<Result<std::unique_ptr<PathFilter>>(const QList<QByteArray>& rules)>;

} // namespace qrsync::session
