#include "session/daemonpassword.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace qrsync::session {

namespace {

Error syntaxError(QString message)
{
    return Error{ExitCode::Syntax, std::move(message), {}};
}

QByteArray firstLine(const QByteArray& bytes)
{
    // strtok(buffer, "\n\r"): the first non-empty run without CR or LF.
    qsizetype start = 0;
    while (start < bytes.size() && (bytes[start] == '\n' || bytes[start] == '\r'))
        ++start;
    qsizetype end = start;
    while (end < bytes.size() && bytes[end] != '\n' && bytes[end] != '\r' && bytes[end] != '\0')
        ++end;
    return bytes.mid(start, end - start);
}

} // namespace

Result<QByteArray> readPasswordFile(const QString& path)
{
    const QByteArray name = path.toLocal8Bit();
    QByteArray contents;
    if (path == QLatin1String("-")) {
        char buffer[512];
        if (std::fgets(buffer, sizeof buffer, stdin))
            contents = QByteArray(buffer);
    } else {
        // authenticate.c: a planted symlink would send its target's first
        // line to the daemon; only root's or our own links are followed.
        struct stat link
        {};
        if (lstat(name.constData(), &link) == 0 && S_ISLNK(link.st_mode) && link.st_uid != 0 &&
            link.st_uid != geteuid()) {
            return tl::unexpected(
                syntaxError(QStringLiteral("could not open password file %1: %2 (%3)")
                                .arg(path, QString::fromLocal8Bit(std::strerror(ELOOP)))
                                .arg(ELOOP)));
        }
        const int fd = ::open(name.constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int err = errno;
            return tl::unexpected(
                syntaxError(QStringLiteral("could not open password file %1: %2 (%3)")
                                .arg(path, QString::fromLocal8Bit(std::strerror(err)))
                                .arg(err)));
        }
        struct stat st
        {};
        QString problem;
        if (fstat(fd, &st) != 0)
            problem = QStringLiteral("fstat(%1): %2")
                          .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        else if ((st.st_mode & 06) != 0)
            problem = QStringLiteral("ERROR: password file must not be other-accessible");
        else if (geteuid() == 0 && st.st_uid != 0)
            problem =
                QStringLiteral("ERROR: password file must be owned by root when running as root");
        if (problem.isEmpty()) {
            char buffer[512];
            const ssize_t n = ::read(fd, buffer, sizeof buffer - 1);
            if (n > 0)
                contents = QByteArray(buffer, qsizetype(n));
        }
        ::close(fd);
        if (!problem.isEmpty())
            return tl::unexpected(syntaxError(problem));
    }
    const QByteArray line = firstLine(contents);
    if (line.isEmpty())
        return tl::unexpected(
            syntaxError(QStringLiteral("ERROR: failed to read a password from %1").arg(path)));
    return line;
}

Result<QByteArray> daemonPassword(const DaemonPasswordSource& source)
{
    if (!source.passwordFile.isEmpty())
        return readPasswordFile(source.passwordFile);
    if (source.given)
        return *source.given;
    if (source.envPassword)
        return *source.envPassword;
    if (!source.prompt)
        return makeError(ExitCode::StartClient,
                         QStringLiteral("the daemon asks for a password and none was given "
                                        "(a stored password, --password-file or "
                                        "RSYNC_PASSWORD)"));
    // getpass() reads the controlling terminal; stock does the same.
    const char* typed = getpass("Password: ");
    return QByteArray(typed ? typed : "");
}

} // namespace qrsync::session
