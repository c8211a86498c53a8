#include "backup/archiveexport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace qrsync::backup {

namespace {

struct Item
{
    QByteArray path;        // on disk
    QByteArray archiveName; // inside the archive
    struct stat st;
};

QString errnoText(int err)
{
    return QString::fromLocal8Bit(strerror(err));
}

// Every entry below `root`, parents before children, without following
// symlinks. The order is sorted so two exports of a tree are identical.
Result<> collect(const QByteArray& path, const QByteArray& name, std::vector<Item>& out)
{
    Item item{path, name, {}};
    if (lstat(path.constData(), &item.st) != 0)
        return makeError(ExitCode::FileSelect,
                         QStringLiteral("lstat failed: %1").arg(errnoText(errno)),
                         QFile::decodeName(path));
    const bool isDir = S_ISDIR(item.st.st_mode);
    if (!name.isEmpty())
        out.push_back(item);
    if (!isDir)
        return {};
    DIR* dir = opendir(path.constData());
    if (!dir)
        return makeError(ExitCode::FileSelect,
                         QStringLiteral("opendir failed: %1").arg(errnoText(errno)),
                         QFile::decodeName(path));
    std::vector<QByteArray> names;
    while (dirent* e = readdir(dir)) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            names.emplace_back(e->d_name);
    }
    closedir(dir);
    std::sort(names.begin(), names.end());
    for (const QByteArray& child : names) {
        const QByteArray childName = name.isEmpty() ? child : name + '/' + child;
        auto added = collect(path + '/' + child, childName, out);
        if (!added)
            return added;
    }
    return {};
}

struct ArchiveDeleter
{
    void operator()(archive* a) const { archive_write_free(a); }
};
struct ResolverDeleter
{
    void operator()(archive_entry_linkresolver* r) const { archive_entry_linkresolver_free(r); }
};
struct EntryDeleter
{
    void operator()(archive_entry* e) const { archive_entry_free(e); }
};

class Writer
{
public:
    Writer(const ExportOptions& options, qint64 filesTotal, qint64 bytesTotal)
        : m_options(options)
    {
        m_progress.phase = jobs::JobPhase::Transferring;
        m_progress.filesTotal = filesTotal;
        m_progress.bytesTotal = bytesTotal;
        m_clock.start();
    }

    Result<> open(ArchiveFormat format, int fd)
    {
        m_archive.reset(archive_write_new());
        int rc = ARCHIVE_OK;
        switch (format) {
        case ArchiveFormat::TarGz:
            rc = archive_write_set_format_pax(m_archive.get());
            if (rc == ARCHIVE_OK)
                rc = archive_write_add_filter_gzip(m_archive.get());
            break;
        case ArchiveFormat::TarZstd:
            rc = archive_write_set_format_pax(m_archive.get());
            if (rc == ARCHIVE_OK)
                rc = archive_write_add_filter_zstd(m_archive.get());
            // zstd compresses on its own worker threads (as `tar --zstd`
            // runs a separate zstd process) while this thread reads files.
            // An older libarchive without the option just compresses inline.
            if (rc == ARCHIVE_OK)
                archive_write_set_filter_option(
                    m_archive.get(), "zstd", "threads",
                    QByteArray::number(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN))).constData());
            break;
        case ArchiveFormat::Zip:
            rc = archive_write_set_format_zip(m_archive.get());
            break;
        }
        // Large output blocks: the default 10 KiB means a write(2) per
        // 10 KiB of compressed data. The last block is not padded (a
        // compressed stream gains nothing from it).
        if (rc == ARCHIVE_OK && format != ArchiveFormat::Zip) {
            archive_write_set_bytes_per_block(m_archive.get(), 1024 * 1024);
            archive_write_set_bytes_in_last_block(m_archive.get(), 1);
        }
        if (rc == ARCHIVE_OK)
            rc = archive_write_open_fd(m_archive.get(), fd);
        if (rc != ARCHIVE_OK)
            return archiveError();
        if (format != ArchiveFormat::Zip) {
            m_resolver.reset(archive_entry_linkresolver_new());
            archive_entry_linkresolver_set_strategy(m_resolver.get(),
                                                    archive_format(m_archive.get()));
        }
        return {};
    }

    Result<> add(const Item& item)
    {
        archive_entry* raw = archive_entry_new();
        archive_entry_copy_stat(raw, &item.st);
        archive_entry_copy_pathname(raw, item.archiveName.constData());
        archive_entry_copy_sourcepath(raw, item.path.constData());
        if (S_ISLNK(item.st.st_mode)) {
            QByteArray target(int(item.st.st_size) + 1, '\0');
            const ssize_t n = readlink(item.path.constData(), target.data(), target.size());
            if (n < 0) {
                archive_entry_free(raw);
                return makeError(ExitCode::FileSelect,
                                 QStringLiteral("readlink failed: %1").arg(errnoText(errno)),
                                 QFile::decodeName(item.path));
            }
            target.truncate(int(n));
            archive_entry_copy_symlink(raw, target.constData());
        }
        if (!S_ISREG(item.st.st_mode))
            archive_entry_set_size(raw, 0);
        archive_entry* spare = nullptr;
        if (m_resolver)
            archive_entry_linkify(m_resolver.get(), &raw, &spare);
        std::unique_ptr<archive_entry, EntryDeleter> entry(raw), extra(spare);
        if (entry) {
            if (auto written = writeEntry(entry.get()); !written)
                return written;
        }
        if (extra)
            return writeEntry(extra.get());
        return {};
    }

    Result<> finish()
    {
        if (m_resolver) {
            // Entries the resolver held back (none with the tar strategy).
            for (;;) {
                archive_entry* raw = nullptr;
                archive_entry* spare = nullptr;
                archive_entry_linkify(m_resolver.get(), &raw, &spare);
                if (!raw)
                    break;
                std::unique_ptr<archive_entry, EntryDeleter> entry(raw);
                if (auto written = writeEntry(entry.get()); !written)
                    return written;
            }
        }
        if (archive_write_close(m_archive.get()) != ARCHIVE_OK)
            return archiveError();
        report(true);
        return {};
    }

    // Makes the archive's destructor not flush a trailer into the file.
    void abandon() { archive_write_fail(m_archive.get()); }

    const ExportSummary& summary() const { return m_summary; }

private:
    Result<> archiveError()
    {
        const char* text = archive_error_string(m_archive.get());
        return makeError(ExitCode::FileIo,
                         text ? QString::fromLocal8Bit(text) : QStringLiteral("libarchive error"));
    }

    bool stopped() const { return m_options.stop && m_options.stop(); }

    void report(bool force)
    {
        if (!m_options.progress || (!force && m_clock.elapsed() - m_lastReport < 100))
            return;
        m_lastReport = m_clock.elapsed();
        m_progress.elapsedMs = m_lastReport;
        m_progress.bytesPerSecond =
            m_lastReport > 0 ? double(m_progress.bytesDone) * 1000.0 / double(m_lastReport) : 0;
        if (force)
            m_progress.phase = jobs::JobPhase::Finished;
        m_options.progress(m_progress);
    }

    Result<> writeEntry(archive_entry* entry)
    {
        if (stopped())
            return makeError(ExitCode::Signal, QStringLiteral("export interrupted"));
        const QByteArray source = archive_entry_sourcepath(entry);
        m_progress.currentFile = QFile::decodeName(archive_entry_pathname(entry));
        if (archive_write_header(m_archive.get(), entry) < ARCHIVE_WARN)
            return archiveError();
        ++m_summary.entries;
        const qint64 size = archive_entry_size(entry);
        if (size > 0 && archive_entry_filetype(entry) == AE_IFREG) {
            if (auto copied = copyData(source, size); !copied)
                return copied;
        }
        if (archive_write_finish_entry(m_archive.get()) < ARCHIVE_WARN)
            return archiveError();
        ++m_progress.filesDone;
        ++m_progress.itemsSeen;
        report(false);
        return {};
    }

    Result<> copyData(const QByteArray& path, qint64 size)
    {
        const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            return makeError(ExitCode::Partial,
                             QStringLiteral("open failed: %1").arg(errnoText(errno)),
                             QFile::decodeName(path));
        std::vector<char> buffer(256 * 1024);
        qint64 left = size;
        Result<> outcome;
        m_progress.currentFileSize = size;
        m_progress.currentFileDone = 0;
        while (left > 0) {
            if (stopped()) {
                outcome = makeError(ExitCode::Signal, QStringLiteral("export interrupted"));
                break;
            }
            const ssize_t n =
                ::read(fd, buffer.data(), size_t(std::min<qint64>(left, qint64(buffer.size()))));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                outcome = makeError(ExitCode::Partial,
                                    QStringLiteral("read failed: %1").arg(errnoText(errno)),
                                    QFile::decodeName(path));
                break;
            }
            if (n == 0) {
                // Shrunk while being read: the header promised `size` bytes.
                outcome =
                    makeError(ExitCode::Partial, QStringLiteral("file shrank while being archived"),
                              QFile::decodeName(path));
                break;
            }
            if (archive_write_data(m_archive.get(), buffer.data(), size_t(n)) != n) {
                outcome = archiveError();
                break;
            }
            left -= n;
            m_summary.fileBytes += n;
            m_progress.bytesDone += n;
            m_progress.currentFileDone += n;
            report(false);
        }
        ::close(fd);
        return outcome;
    }

    const ExportOptions& m_options;
    std::unique_ptr<archive, ArchiveDeleter> m_archive;
    std::unique_ptr<archive_entry_linkresolver, ResolverDeleter> m_resolver;
    jobs::JobProgress m_progress;
    ExportSummary m_summary;
    QElapsedTimer m_clock;
    qint64 m_lastReport = -1000;
};

} // namespace

std::optional<ArchiveFormat> archiveFormatFor(const QString& fileName)
{
    const QString lower = QFileInfo(fileName).fileName().toLower();
    if (lower.endsWith(QLatin1String(".tar.gz")) || lower.endsWith(QLatin1String(".tgz")))
        return ArchiveFormat::TarGz;
    if (lower.endsWith(QLatin1String(".tar.zst")) || lower.endsWith(QLatin1String(".tzst")))
        return ArchiveFormat::TarZstd;
    if (lower.endsWith(QLatin1String(".zip")))
        return ArchiveFormat::Zip;
    return std::nullopt;
}

QString supportedArchiveSuffixes()
{
    return QStringLiteral(".tar.gz, .tgz, .tar.zst, .tzst, .zip");
}

Result<ExportSummary> exportArchive(const QString& source, const QString& archivePath,
                                    const ExportOptions& options)
{
    const std::optional<ArchiveFormat> format = archiveFormatFor(archivePath);
    if (!format)
        return makeError(
            ExitCode::Syntax,
            QStringLiteral("unsupported archive format (use %1)").arg(supportedArchiveSuffixes()),
            archivePath);
    QString root = source;
    const bool contentsOnly = root.endsWith(QLatin1Char('/'));
    while (root.size() > 1 && root.endsWith(QLatin1Char('/')))
        root.chop(1);
    const QFileInfo rootInfo(root);
    if (!rootInfo.exists() && !rootInfo.isSymLink())
        return makeError(ExitCode::FileSelect, QStringLiteral("no such file or folder"), source);
    const QFileInfo target(archivePath);
    if (target.exists() && target.isDir())
        return makeError(ExitCode::FileSelect, QStringLiteral("the archive path is a folder"),
                         archivePath);
    // An archive inside the tree it archives would try to contain itself.
    const QString canonicalRoot = rootInfo.canonicalFilePath();
    const QString targetDir = QFileInfo(target.absolutePath()).canonicalFilePath();
    if (rootInfo.isDir() && !canonicalRoot.isEmpty() &&
        (targetDir == canonicalRoot || targetDir.startsWith(canonicalRoot + QLatin1Char('/'))))
        return makeError(ExitCode::FileSelect,
                         QStringLiteral("the archive cannot be written inside the folder it "
                                        "archives"),
                         archivePath);

    std::vector<Item> items;
    const QByteArray rootPath = QFile::encodeName(root);
    const QByteArray topName =
        contentsOnly && rootInfo.isDir() ? QByteArray() : QFile::encodeName(rootInfo.fileName());
    if (auto listed = collect(rootPath, topName, items); !listed)
        return tl::unexpected(listed.error());
    // The tar formats store a hard-linked file's data once; zip every time.
    qint64 bytesTotal = 0;
    QSet<QPair<quint64, quint64>> counted;
    for (const Item& item : items) {
        if (!S_ISREG(item.st.st_mode))
            continue;
        if (*format != ArchiveFormat::Zip && item.st.st_nlink > 1 &&
            counted.contains({quint64(item.st.st_dev), quint64(item.st.st_ino)}))
            continue;
        counted.insert({quint64(item.st.st_dev), quint64(item.st.st_ino)});
        bytesTotal += item.st.st_size;
    }

    const QByteArray finalPath = QFile::encodeName(target.absoluteFilePath());
    QByteArray tempPath = QFile::encodeName(target.absolutePath()) + "/." +
                          QFile::encodeName(target.fileName()) + ".XXXXXX";
    const int fd = mkostemp(tempPath.data(), O_CLOEXEC);
    if (fd < 0)
        return makeError(ExitCode::FileIo,
                         QStringLiteral("cannot create the archive: %1").arg(errnoText(errno)),
                         archivePath);
    const auto discard = [&](const Error& error) -> Result<ExportSummary> {
        ::unlink(tempPath.constData());
        return tl::unexpected(error);
    };

    Writer writer(options, qint64(items.size()), bytesTotal);
    Result<> outcome = writer.open(*format, fd);
    for (size_t i = 0; outcome && i < items.size(); ++i)
        outcome = writer.add(items[i]);
    if (outcome)
        outcome = writer.finish();
    else
        writer.abandon();
    if (outcome && ::fsync(fd) != 0)
        outcome = makeError(ExitCode::FileIo,
                            QStringLiteral("fsync failed: %1").arg(errnoText(errno)), archivePath);
    ::close(fd);
    if (!outcome)
        return discard(outcome.error());
    if (::rename(tempPath.constData(), finalPath.constData()) != 0)
        return discard(Error{ExitCode::FileIo,
                             QStringLiteral("rename failed: %1").arg(errnoText(errno)),
                             archivePath});
    return writer.summary();
}

} // namespace qrsync::backup
