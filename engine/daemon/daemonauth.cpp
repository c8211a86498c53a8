#include "daemon/daemonauth.h"

#include "filter/wildmatch.h"

#include <QFile>
#include <QRandomGenerator>

#include <vector>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fcntl.h>

namespace qrsync::daemon {

namespace {

struct SecretsFile
{
    QList<QByteArray> lines;
    QString error; // stock's reason when unusable
};

// check_secret(): no symlinks followed, and with strict modes the file must
// not be other-accessible (and root-owned when we run as root).
SecretsFile readSecrets(const ModuleConfig& module)
{
    SecretsFile out;
    if (module.secretsFile.isEmpty()) {
        out.error = QStringLiteral("no secrets file");
        return out;
    }
    const int fd = ::open(QFile::encodeName(module.secretsFile).constData(),
                          O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        out.error = QStringLiteral("no secrets file");
        return out;
    }
    struct stat st
    {};
    if (::fstat(fd, &st) != 0 ||
        (module.strictModes && ((st.st_mode & 06) != 0 || (::geteuid() == 0 && st.st_uid != 0)))) {
        ::close(fd);
        out.error = QStringLiteral("ignoring secrets file");
        return out;
    }
    QFile f;
    if (!f.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        out.error = QStringLiteral("no secrets file");
        return out;
    }
    for (QByteArray line : f.readAll().split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        out.lines << line;
    }
    return out;
}

} // namespace

QByteArray makeChallenge(protocol::AuthDigest digest, const QString& peerAddress)
{
    quint32 random[8];
    QRandomGenerator::system()->fillRange(random);
    QByteArray entropy(reinterpret_cast<const char*>(random), sizeof random);
    entropy += peerAddress.toLatin1();
    return protocol::authChallenge(digest, entropy);
}

QStringList systemGroupsOf(const QString& user)
{
    QStringList out;
    const QByteArray name = user.toUtf8();
    passwd pw{};
    passwd* found = nullptr;
    char buf[4096];
    if (::getpwnam_r(name.constData(), &pw, buf, sizeof buf, &found) != 0 || !found)
        return out;
    int count = 64;
    std::vector<gid_t> groups(static_cast<size_t>(count), gid_t(0));
    if (::getgrouplist(name.constData(), found->pw_gid, groups.data(), &count) < 0) {
        groups.resize(size_t(count));
        if (::getgrouplist(name.constData(), found->pw_gid, groups.data(), &count) < 0)
            return out;
    }
    for (int i = 0; i < count; ++i) {
        group gr{};
        group* g = nullptr;
        char gbuf[4096];
        if (::getgrgid_r(groups[size_t(i)], &gr, gbuf, sizeof gbuf, &g) == 0 && g)
            out << QString::fromUtf8(g->gr_name);
    }
    return out;
}

AuthOutcome checkAuthReply(const ModuleConfig& module, protocol::AuthDigest digest,
                           const QByteArray& challenge, const QByteArray& replyLine)
{
    AuthOutcome out;
    const qsizetype space = replyLine.indexOf(' ');
    if (space < 0) {
        out.logReason = QStringLiteral("invalid challenge response");
        return out;
    }
    const QByteArray user = replyLine.left(space);
    const QByteArray given = replyLine.mid(space + 1);
    out.user = QString::fromUtf8(user);

    // The first auth users rule naming the user (wildcards allowed) or one
    // of its groups decides.
    const AuthUser* rule = nullptr;
    QString matchedGroup;
    std::optional<QStringList> groups;
    for (const AuthUser& u : module.authUsers) {
        if (!u.isGroup) {
            if (filter::wildMatch(u.name.toUtf8(), user)) {
                rule = &u;
                break;
            }
            continue;
        }
        if (!groups)
            groups = systemGroupsOf(out.user);
        for (const QString& g : *groups) {
            if (filter::wildMatch(u.name.toUtf8(), g.toUtf8())) {
                matchedGroup = g;
                break;
            }
        }
        if (!matchedGroup.isEmpty()) {
            rule = &u;
            break;
        }
    }
    if (!rule) {
        out.logReason = QStringLiteral("no matching rule");
        return out;
    }
    if (rule->access == AuthUser::Access::Deny) {
        out.logReason = QStringLiteral("denied by rule");
        return out;
    }
    if (user.startsWith('#')) {
        out.logReason = QStringLiteral("invalid username");
        return out;
    }
    const SecretsFile secrets = readSecrets(module);
    if (!secrets.error.isEmpty()) {
        out.logReason = secrets.error;
        return out;
    }
    // A user line and a group line may both be tried, each once.
    bool userTried = false;
    bool groupTried = matchedGroup.isEmpty();
    out.logReason = QStringLiteral("secret not found");
    for (const QByteArray& line : secrets.lines) {
        QByteArray name;
        bool isGroupLine = line.startsWith('@');
        const QByteArray body = isGroupLine ? line.mid(1) : line;
        const qsizetype colon = body.indexOf(':');
        if (colon < 0)
            continue;
        name = body.left(colon);
        if (isGroupLine ? (groupTried || name != matchedGroup.toUtf8())
                        : (userTried || name != user))
            continue;
        if (protocol::authResponseMatches(digest, body.mid(colon + 1), challenge, given)) {
            out.ok = true;
            out.logReason.clear();
            break;
        }
        out.logReason = QStringLiteral("password mismatch");
        (isGroupLine ? groupTried : userTried) = true;
    }
    if (out.ok && rule->access == AuthUser::Access::ReadOnly)
        out.readOnly = true;
    else if (out.ok && rule->access == AuthUser::Access::ReadWrite)
        out.readOnly = false;
    return out;
}

} // namespace qrsync::daemon
