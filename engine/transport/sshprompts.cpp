#include "transport/sshprompts.h"

#include <QProcess>
#include <QProcessEnvironment>

#include <cstdio>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace qrsync::transport {

namespace {

std::optional<QString> askProgram(const QString& program, const QString& prompt)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(program, {prompt});
    if (!p.waitForStarted(10000) || !p.waitForFinished(-1) ||
        p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return std::nullopt;
    QByteArray out = p.readAllStandardOutput();
    if (const qsizetype nl = out.indexOf('\n'); nl >= 0)
        out.truncate(nl);
    return QString::fromUtf8(out);
}

std::optional<QString> askTerminal(const QString& prompt)
{
    const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    const QByteArray text = prompt.toLocal8Bit();
    (void)!::write(fd, text.constData(), size_t(text.size()));
    termios saved{};
    const bool isTty = ::tcgetattr(fd, &saved) == 0;
    if (isTty) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    char c = 0;
    while (::read(fd, &c, 1) == 1 && c != '\n')
        line.append(c);
    if (isTty)
        ::tcsetattr(fd, TCSAFLUSH, &saved);
    (void)!::write(fd, "\n", 1);
    ::close(fd);
    return QString::fromLocal8Bit(line);
}

std::optional<QString> ask(const QString& prompt)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString program = env.value(QStringLiteral("SSH_ASKPASS"));
    if (!program.isEmpty() &&
        env.value(QStringLiteral("SSH_ASKPASS_REQUIRE")) != QLatin1String("never"))
        return askProgram(program, prompt);
    return askTerminal(prompt);
}

} // namespace

SshPrompts nonInteractiveSshPrompts(bool acceptNewHostKeys)
{
    SshPrompts prompts;
    prompts.acceptNewHostKey = [acceptNewHostKeys](const HostKeyInfo& key) {
        if (!acceptNewHostKeys)
            return false;
        const QByteArray line = QStringLiteral("Warning: Permanently added '%1' (%2) to the list "
                                               "of known hosts.\n")
                                    .arg(key.host, key.keyType)
                                    .toLocal8Bit();
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        return true;
    };
    prompts.passphrase = [](const QString& prompt) {
        return ask(prompt.endsWith(QLatin1Char(' ')) ? prompt : prompt + QLatin1Char(' '));
    };
    prompts.password = [](const QString& userAtHost) {
        return ask(QStringLiteral("%1's password: ").arg(userAtHost));
    };
    return prompts;
}

} // namespace qrsync::transport
