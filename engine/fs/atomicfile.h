#pragma once

// The receiver's file writer (delta.md §10). Invariant: the target name
// only ever holds the old file or the complete new one. Data goes to a temp
// file beside the target (`.<name>.XXXXXX`, mode 0600, O_EXCL), attributes
// are set on it, and commit() renames it over the target; a crash or
// kill -9 at any point before that leaves the target untouched and, at
// worst, a stray temp file. --inplace gives that guarantee up on purpose.
//
// Call contract: create(), then write()/seek() in order, optionally
// setMetadata(), then exactly one of commit(), abort() or keepAsPartial().
// Destroying an unfinished AtomicFile aborts it.

#include "metadata.h"
#include "uniquefd.h"

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace qrsync::fs {

class SafeRoot;

struct AtomicFileOptions
{
    bool inPlace = false; // --inplace: write the target itself, truncate at the end
    bool sparse = false;  // --sparse: seek over zero runs (temp-file mode only)
    bool fsync = false;   // --fsync: fsync before the rename
    // --temp-dir: the temp file goes there, without the leading dot. A user
    // path (absolute or relative to the cwd), so it is trusted like the root.
    QByteArray tempDir;
};

// The temp name rsync's get_tmpname() makes for `leaf`, with its random
// part as "XXXXXX": ".name.XXXXXX" (leading dot not doubled, one trailing
// dot dropped, name cut to fit NAME_MAX); "name.XXXXXX" in a --temp-dir.
QByteArray tempNameTemplate(const QByteArray& leaf, bool inTempDir);

class AtomicFile
{
public:
    static Result<AtomicFile> create(const SafeRoot& root, const QByteArray& rel,
                                     AtomicFileOptions options = {});

    AtomicFile(AtomicFile&&) noexcept;
    AtomicFile& operator=(AtomicFile&&) noexcept;
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    // Writes at the current offset and advances it. Errors are
    // ExitCode::FileIo: rsync's receiver stops on a failed write.
    Result<> write(QByteArrayView data);
    // Moves the offset: --inplace skips data already in place; in a temp
    // file a forward seek leaves a hole (reads back as zeros).
    Result<> seek(qint64 offset);
    qint64 offset() const { return m_offset; }

    // Remembered and applied to the temp file by commit(), after the last
    // write (so the mtime sticks) and before the rename.
    void setMetadata(const WantedMetadata& want, MetaFields which);

    // Truncates at the offset, applies metadata, fsyncs if asked, renames
    // over the target. Returns what setMetadata() changed.
    Result<MetaFields> commit();
    // After a successful commit(): the chown/chmod/utimes failure, if any.
    // The file is in place regardless, as rsync's finish_transfer() leaves it.
    const std::optional<Error>& metadataError() const { return m_metadataError; }
    // Unlinks the temp file (in-place: just closes; the damage is done).
    Result<> abort();
    // --partial / --partial-dir: renames the temp file to `rel` in the root
    // (the target itself, or "<dir>/<partial-dir>/<name>"; a missing last
    // directory is made with mode 0700 as rsync does). Perms and ownership
    // are applied, times are not, so the next run does not skip it.
    Result<> keepAsPartial(const QByteArray& rel);

    bool isFinished() const { return !m_fd.isValid(); }
    int fd() const { return m_fd.get(); }
    // The temp file's path for messages (relative to the root, or in tempDir).
    QByteArray tempPath() const;

private:
    AtomicFile() = default;
    Result<> finishData();

    const SafeRoot* m_root = nullptr;
    QByteArray m_rel;      // target, relative to the root
    QByteArray m_leaf;     // target's last component
    UniqueFd m_parentFd;   // target's directory (O_PATH)
    UniqueFd m_tempDirFd;  // where the temp file lives (O_PATH)
    QByteArray m_tempLeaf; // temp file's name in m_tempDirFd; empty in-place
    QByteArray m_tempDir;  // for messages
    UniqueFd m_fd;
    AtomicFileOptions m_options;
    qint64 m_offset = 0;
    WantedMetadata m_want;
    MetaFields m_which;
    std::optional<Error> m_metadataError;
};

} // namespace qrsync::fs
