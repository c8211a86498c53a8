#pragma once

// Restoring files and folders from a snapshot (docs/restore.md): the
// options of an ordinary local transfer, run through the same job code as
// a profile run (jobs::JobRunner: Preview mode for the dry run listing
// what would be overwritten, Run mode for the restore).
//
// The selected entries must share one folder in the snapshot. They are
// copied, keeping their names, into
//   - their original place: the profile's source they came from (a source
//     written "DIR/" holds the snapshot's top, one written "DIR" holds the
//     snapshot's "NAME" folder, NAME being DIR's last component), plus the
//     folder they were in; or
//   - a folder the user picks: straight into it.
// Never with --delete: nothing at the target is removed. Symlinks in the
// snapshot are copied as symlinks, never followed; a folder on the way to a
// selected entry that is a symlink is refused (SnapshotBrowser::resolve).
// The profile's preserve options are kept; its filters, compare shortcuts
// (-u, --ignore-existing, --size-only) and bandwidth limit are not, so what
// differs from the snapshot is overwritten.

#include "backup/snapshotbrowser.h"
#include "core/result.h"
#include "jobs/appsettings.h"
#include "jobs/profile.h"
#include "options/asyncpaths.h"
#include "options/transferoptions.h"

#include <QString>
#include <QStringList>

namespace qrsync::backup {

struct RestoreRequest
{
    QString snapshot;
    QStringList paths; // relative to the snapshot's top, all in one folder
    QString target;    // empty: the original place
};

// The folder the snapshot entry `path` was copied from, or an error when the
// profile's sources do not say it (a remote source, or several sources
// whose contents share the snapshot's top).
Result<QString> originalFolder(const jobs::Profile& profile, const QString& path);

// Where the request's entries land (the transfer's destination folder).
Result<QString> restoreDestination(const jobs::Profile& profile, const RestoreRequest& request);

Result<options::TransferOptions>
restoreOptions(const jobs::Profile& profile, const jobs::AppSettings& settings,
               const RestoreRequest& request,
               const options::Environment& env = options::systemEnvironment());

} // namespace qrsync::backup
