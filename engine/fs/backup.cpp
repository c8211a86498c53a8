#include "backup.h"

#include "metadata.h"
#include "saferoot.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>

namespace qrsync::fs {

QByteArray backupName(const QByteArray& rel, const BackupOptions& options)
{
    if (options.dir.isEmpty() || options.dir.startsWith('/'))
        return rel + options.suffix;
    QByteArray dir = options.dir;
    while (dir.endsWith('/'))
        dir.chop(1);
    return dir + '/' + rel + options.suffix;
}

// Makes the directories of the backup name's parent. Below --backup-dir,
// each made directory copies the mode, times (and owner) of the destination
// directory it mirrors.
static Result<> makeBackupParents(const SafeRoot& tree, const SafeRoot& dest,
                                  const QByteArray& backupRel, const QByteArray& rel,
                                  const BackupOptions& options)
{
    const qsizetype slash = backupRel.lastIndexOf('/');
    if (slash < 0)
        return {};
    const QByteArray parent = backupRel.left(slash);
    if (auto st = tree.lstat(parent); st && st->isDirectory())
        return {};
    auto parts = SafeRoot::splitRelative(parent);
    if (!parts)
        return tl::unexpected(parts.error());
    // The last components of `parent` mirror the directories of `rel`.
    auto relParts = SafeRoot::splitRelative(rel);
    if (!relParts)
        return tl::unexpected(relParts.error());
    const size_t mirrored = relParts->empty() ? 0 : relParts->size() - 1;
    const size_t firstMirrored = parts->size() - std::min(mirrored, parts->size());

    QByteArray path;
    QByteArray destPath;
    for (size_t i = 0; i < parts->size(); ++i) {
        path += (path.isEmpty() ? QByteArray() : QByteArrayLiteral("/")) + (*parts)[i];
        if (i >= firstMirrored)
            destPath += (destPath.isEmpty() ? QByteArray() : QByteArrayLiteral("/")) + (*parts)[i];
        if (auto made = tree.mkdir(path, 0777); !made) {
            auto st = tree.lstat(path);
            if (!st || !st->isDirectory())
                return made;
            continue;
        }
        if (i < firstMirrored)
            continue;
        auto src = dest.lstat(destPath);
        if (!src)
            continue;
        WantedMetadata want;
        want.mode = src->mode;
        want.uid = src->uid;
        want.gid = src->gid;
        want.mtimeSec = src->mtimeSec;
        want.mtimeNsec = src->mtimeNsec;
        MetaFields which = MetaFields(MetaField::Perms) | MetaField::Mtime;
        if (options.preserveOwner)
            which |= MetaFields(MetaField::Owner) | MetaField::Group;
        (void)applyMetadata(tree, path, want, which); // best effort, like rsync
    }
    return {};
}

static bool linkOrRename(const ParentDir& from, const ParentDir& to, bool isDir, bool isRegular,
                         BackupWay way, BackupOutcome& outcome, int& err)
{
    if (way == BackupWay::Link && !isDir) {
        if (::linkat(from.fd.get(), from.leaf.constData(), to.fd.get(), to.leaf.constData(), 0) ==
            0) {
            outcome = BackupOutcome::Linked;
            return true;
        }
        err = errno;
        // backup.c link_or_rename(): a regular file may be renamed instead.
        if (!isRegular || err == EEXIST || err == EISDIR)
            return false;
    }
    if (::renameat(from.fd.get(), from.leaf.constData(), to.fd.get(), to.leaf.constData()) == 0) {
        outcome = BackupOutcome::Moved;
        return true;
    }
    err = errno;
    return false;
}

Result<BackupOutcome> backupPath(const SafeRoot& root, const QByteArray& rel,
                                 const BackupOptions& options, BackupWay way)
{
    auto st = root.lstat(rel);
    if (!st)
        return BackupOutcome::NothingToBackUp;

    std::optional<SafeRoot> ownTree;
    if (options.dir.startsWith('/')) {
        auto opened = SafeRoot::open(options.dir);
        if (!opened) {
            // backup.c get_backup_name(): make_path() the backup dir once.
            if (auto top = SafeRoot::open("/"); top)
                (void)top->mkdirs(options.dir.mid(1), 0777);
            opened = SafeRoot::open(options.dir);
        }
        if (!opened)
            return tl::unexpected(opened.error());
        ownTree.emplace(std::move(*opened));
    }
    const SafeRoot& tree = ownTree ? *ownTree : root;
    const QByteArray name = backupName(rel, options);
    // Only a backup beside the file can collide with it; one in its own
    // --backup-dir tree may keep the same relative name.
    if (!ownTree && name == rel)
        return makeError(ExitCode::Syntax,
                         QStringLiteral("backup name equals the file name: ") + quotedPath(rel),
                         displayPath(rel));

    if (auto made = makeBackupParents(tree, root, name, rel, options); !made)
        return tl::unexpected(made.error());

    auto from = root.openParent(rel);
    if (!from)
        return tl::unexpected(from.error());
    auto to = tree.openParent(name);
    if (!to)
        return tl::unexpected(to.error());

    BackupOutcome outcome = BackupOutcome::NothingToBackUp;
    int err = 0;
    const bool isDir = st->isDirectory();
    if (linkOrRename(*from, *to, isDir, st->isRegular(), way, outcome, err))
        return outcome;
    if (err == EEXIST || err == EISDIR || err == ENOTEMPTY || err == ENOTDIR) {
        // An old backup is in the way: remove it and try once more.
        if (auto removed = tree.removeRecursive(name); !removed)
            return tl::unexpected(removed.error());
        if (linkOrRename(*from, *to, isDir, st->isRegular(), way, outcome, err))
            return outcome;
    }
    return tl::unexpected(systemError(
        err, QStringLiteral("keep_backup failed: %1 -> %2").arg(quotedPath(rel), quotedPath(name)),
        rel));
}

} // namespace qrsync::fs
