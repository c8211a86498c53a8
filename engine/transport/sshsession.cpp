#include "transport/sshsession.h"

#include "transport/knownhosts.h"

#include <QFile>

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <cstring>

namespace qrsync::transport {

namespace {

enum class Stage
{
    Connect,
    VerifyHost,
    AuthNone,
    AuthPublicKey,
    AuthPassword,
    OpenChannel,
    Exec,
    Ready,
    Failed,
};

// OpenSSH's names for key types in its messages ("ED25519 key fingerprint").
QString displayKeyType(ssh_key key)
{
    switch (ssh_key_type(key)) {
    case SSH_KEYTYPE_ED25519:
    case SSH_KEYTYPE_ED25519_CERT01:
    case SSH_KEYTYPE_SK_ED25519:
    case SSH_KEYTYPE_SK_ED25519_CERT01:
        return QStringLiteral("ED25519");
    case SSH_KEYTYPE_RSA:
    case SSH_KEYTYPE_RSA1:
    case SSH_KEYTYPE_RSA_CERT01:
        return QStringLiteral("RSA");
    case SSH_KEYTYPE_DSS:
    case SSH_KEYTYPE_DSS_CERT01:
        return QStringLiteral("DSA");
    case SSH_KEYTYPE_ECDSA:
    case SSH_KEYTYPE_ECDSA_P256:
    case SSH_KEYTYPE_ECDSA_P384:
    case SSH_KEYTYPE_ECDSA_P521:
    case SSH_KEYTYPE_ECDSA_P256_CERT01:
    case SSH_KEYTYPE_ECDSA_P384_CERT01:
    case SSH_KEYTYPE_ECDSA_P521_CERT01:
    case SSH_KEYTYPE_SK_ECDSA:
    case SSH_KEYTYPE_SK_ECDSA_CERT01:
        return QStringLiteral("ECDSA");
    case SSH_KEYTYPE_UNKNOWN:
        break;
    }
    return QStringLiteral("UNKNOWN");
}

QString takeString(char* s)
{
    const QString out = s ? QString::fromUtf8(s) : QString();
    ssh_string_free_char(s);
    return out;
}

} // namespace

struct SshSession::Private
{
    SshTarget target;
    SshPrompts prompts;
    ssh_session session = nullptr;
    ssh_channel channel = nullptr;
    ssh_callbacks_struct callbacks{};
    ssh_channel_callbacks_struct channelCallbacks{};
    Stage stage = Stage::Connect;
    bool configured = false;
    int authMethods = 0;
    std::optional<QString> password;
    std::optional<Error> error;
    bool unknownHost = false;
    std::optional<int> exitStatus;
    QString hostName; // after ~/.ssh/config: what we connect to
    unsigned int port = 22;
    QString user;

    Step fail(QString message)
    {
        stage = Stage::Failed;
        // A failing remote shell is exit 255 for rsync (main.c: the child's
        // status is taken as the run's when it is worse).
        error = Error{ExitCode(255), std::move(message), hostName};
        return Step::Failed;
    }

    QString libsshError() const { return QString::fromUtf8(ssh_get_error(session)); }

    Step configure();
    Step connect();
    Step verifyHost();
    Step authNone();
    Step authPublicKey();
    Step authPassword();
    Step openChannel();
    Step exec();
    QString permissionDenied() const;

    static int askPassphrase(const char* prompt, char* buf, size_t len, int echo, int verify,
                             void* userdata);
    static void onExitStatus(ssh_session, ssh_channel, int status, void* userdata)
    {
        static_cast<Private*>(userdata)->exitStatus = status;
    }
};

int SshSession::Private::askPassphrase(const char* prompt, char* buf, size_t len, int, int,
                                       void* userdata)
{
    auto* d = static_cast<Private*>(userdata);
    if (!d->prompts.passphrase)
        return -1;
    const std::optional<QString> answer = d->prompts.passphrase(QString::fromUtf8(prompt));
    if (!answer)
        return -1;
    const QByteArray bytes = answer->toUtf8();
    if (size_t(bytes.size()) + 1 > len)
        return -1;
    std::memcpy(buf, bytes.constData(), size_t(bytes.size()) + 1);
    return 0;
}

SshSession::Step SshSession::Private::configure()
{
    configured = true;
    session = ssh_new();
    if (!session)
        return fail(QStringLiteral("ssh: out of memory"));
    const QByteArray host = target.host.toUtf8();
    ssh_options_set(session, SSH_OPTIONS_HOST, host.constData());
    // Before the config, so a UserKnownHostsFile there still wins.
    const QString knownHosts =
        target.knownHostsFile.isEmpty() ? defaultKnownHostsFile() : target.knownHostsFile;
    ssh_options_set(session, SSH_OPTIONS_KNOWNHOSTS, QFile::encodeName(knownHosts).constData());
    if (!target.configFile.isEmpty()) {
        if (!QFile::exists(target.configFile))
            return fail(QStringLiteral("ssh: Can't open user config file %1: No such file or "
                                       "directory")
                            .arg(target.configFile));
        if (ssh_options_parse_config(session, QFile::encodeName(target.configFile).constData()) !=
            SSH_OK)
            return fail(QStringLiteral("ssh: %1: %2").arg(target.configFile, libsshError()));
    } else if (ssh_options_parse_config(session, nullptr) != SSH_OK) {
        return fail(QStringLiteral("ssh: ~/.ssh/config: %1").arg(libsshError()));
    }
    // What the command line names wins over the config (ssh -p / -l).
    if (target.port > 0) {
        const unsigned int port = unsigned(target.port);
        ssh_options_set(session, SSH_OPTIONS_PORT, &port);
    }
    if (!target.user.isEmpty())
        ssh_options_set(session, SSH_OPTIONS_USER, target.user.toUtf8().constData());
    for (const QString& id : target.identityFiles)
        ssh_options_set(session, SSH_OPTIONS_ADD_IDENTITY, QFile::encodeName(id).constData());
    if (target.connectTimeoutSeconds > 0) {
        const long seconds = target.connectTimeoutSeconds;
        ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &seconds);
    }
    char* value = nullptr;
    if (ssh_options_get(session, SSH_OPTIONS_HOST, &value) == SSH_OK)
        hostName = takeString(value);
    value = nullptr;
    if (ssh_options_get(session, SSH_OPTIONS_USER, &value) == SSH_OK)
        user = takeString(value);
    ssh_options_get_port(session, &port);

    ssh_callbacks_init(&callbacks);
    callbacks.userdata = this;
    callbacks.auth_function = &Private::askPassphrase;
    ssh_set_callbacks(session, &callbacks);
    return Step::Done;
}

SshSession::Step SshSession::Private::connect()
{
    const int rc = ssh_connect(session);
    if (rc == SSH_AGAIN)
        return Step::Again;
    if (rc != SSH_OK) {
        QString why = libsshError();
        // libssh: "Failed to connect: Connection refused"; OpenSSH:
        // "ssh: connect to host H port P: Connection refused".
        const qsizetype colon = why.lastIndexOf(QLatin1String(": "));
        if (why.startsWith(QLatin1String("Failed to connect")) && colon >= 0)
            why = why.mid(colon + 2);
        else if (why.startsWith(QLatin1String("Timeout connecting")))
            why = QStringLiteral("Connection timed out");
        return fail(
            QStringLiteral("ssh: connect to host %1 port %2: %3").arg(hostName).arg(port).arg(why));
    }
    stage = Stage::VerifyHost;
    return Step::Done;
}

SshSession::Step SshSession::Private::verifyHost()
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(session, &key) != SSH_OK)
        return fail(QStringLiteral("ssh: no host key from %1: %2").arg(hostName, libsshError()));
    HostKeyInfo info;
    info.host = knownHostsName(hostName, int(port));
    info.keyType = displayKeyType(key);
    const QString wireType = QString::fromLatin1(ssh_key_type_to_char(ssh_key_type(key)));
    unsigned char* hash = nullptr;
    size_t hashLen = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hashLen) == SSH_OK) {
        info.fingerprint =
            takeString(ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hashLen));
        ssh_clean_pubkey_hash(&hash);
    }
    ssh_key_free(key);
    char* file = nullptr;
    if (ssh_options_get(session, SSH_OPTIONS_KNOWNHOSTS, &file) == SSH_OK)
        info.knownHostsFile = takeString(file);

    switch (ssh_session_is_known_server(session)) {
    case SSH_KNOWN_HOSTS_OK:
        stage = Stage::AuthNone;
        return Step::Done;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        const std::optional<KnownHostsLine> line =
            findKnownHost(info.knownHostsFile, info.host, wireType);
        const QString where =
            line ? QStringLiteral("%1:%2").arg(info.knownHostsFile).arg(line->number)
                 : info.knownHostsFile;
        return fail(QStringLiteral("ssh: WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for %1!\n"
                                   "The %2 key sent by the remote host has the fingerprint %3,\n"
                                   "which is not the key recorded for it in %4.\n"
                                   "Someone could be eavesdropping on you right now, or the host "
                                   "key has just been changed.\n"
                                   "Host key verification failed.")
                        .arg(info.host, info.keyType, info.fingerprint, where));
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
        if (prompts.acceptNewHostKey && prompts.acceptNewHostKey(info)) {
            if (ssh_session_update_known_hosts(session) != SSH_OK)
                return fail(QStringLiteral("ssh: cannot record the host key of %1 in %2: %3")
                                .arg(info.host, info.knownHostsFile, libsshError()));
            stage = Stage::AuthNone;
            return Step::Done;
        }
        unknownHost = true;
        return fail(QStringLiteral("ssh: No %1 host key is known for %2 (%1 key fingerprint is "
                                   "%3) in %4.\nHost key verification failed.")
                        .arg(info.keyType, info.host, info.fingerprint, info.knownHostsFile));
    case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return fail(QStringLiteral("ssh: cannot check the host key of %1 against %2: %3")
                    .arg(info.host, info.knownHostsFile, libsshError()));
}

QString SshSession::Private::permissionDenied() const
{
    QStringList methods;
    if (authMethods & SSH_AUTH_METHOD_PUBLICKEY)
        methods << QStringLiteral("publickey");
    if (authMethods & SSH_AUTH_METHOD_PASSWORD)
        methods << QStringLiteral("password");
    if (authMethods & SSH_AUTH_METHOD_INTERACTIVE)
        methods << QStringLiteral("keyboard-interactive");
    return QStringLiteral("%1@%2: Permission denied (%3).")
        .arg(user, hostName, methods.join(QLatin1Char(',')));
}

SshSession::Step SshSession::Private::authNone()
{
    const int rc = ssh_userauth_none(session, nullptr);
    if (rc == SSH_AUTH_AGAIN)
        return Step::Again;
    if (rc == SSH_AUTH_SUCCESS) {
        stage = Stage::OpenChannel;
        return Step::Done;
    }
    if (rc == SSH_AUTH_ERROR)
        return fail(QStringLiteral("ssh: %1").arg(libsshError()));
    authMethods = ssh_userauth_list(session, nullptr);
    if (authMethods & SSH_AUTH_METHOD_PUBLICKEY)
        stage = Stage::AuthPublicKey;
    else if ((authMethods & SSH_AUTH_METHOD_PASSWORD) && prompts.password)
        stage = Stage::AuthPassword;
    else
        return fail(permissionDenied());
    return Step::Done;
}

SshSession::Step SshSession::Private::authPublicKey()
{
    // The agent (SSH_AUTH_SOCK) first, then the identity files: the
    // config's IdentityFile, ours, and ~/.ssh/id_* (libssh's defaults).
    const int rc = ssh_userauth_publickey_auto(session, nullptr, nullptr);
    if (rc == SSH_AUTH_AGAIN)
        return Step::Again;
    if (rc == SSH_AUTH_SUCCESS) {
        stage = Stage::OpenChannel;
        return Step::Done;
    }
    if (rc == SSH_AUTH_ERROR)
        return fail(QStringLiteral("ssh: %1").arg(libsshError()));
    if ((authMethods & SSH_AUTH_METHOD_PASSWORD) && prompts.password) {
        stage = Stage::AuthPassword;
        return Step::Done;
    }
    return fail(permissionDenied());
}

SshSession::Step SshSession::Private::authPassword()
{
    if (!password) {
        password = prompts.password(QStringLiteral("%1@%2").arg(user, hostName));
        if (!password)
            return fail(permissionDenied());
    }
    const int rc = ssh_userauth_password(session, nullptr, password->toUtf8().constData());
    if (rc == SSH_AUTH_AGAIN)
        return Step::Again;
    password.reset(); // no secret kept longer than needed
    if (rc == SSH_AUTH_SUCCESS) {
        stage = Stage::OpenChannel;
        return Step::Done;
    }
    if (rc == SSH_AUTH_ERROR)
        return fail(QStringLiteral("ssh: %1").arg(libsshError()));
    return fail(permissionDenied());
}

SshSession::Step SshSession::Private::openChannel()
{
    if (!channel) {
        channel = ssh_channel_new(session);
        if (!channel)
            return fail(QStringLiteral("ssh: %1").arg(libsshError()));
        ssh_callbacks_init(&channelCallbacks);
        channelCallbacks.userdata = this;
        channelCallbacks.channel_exit_status_function = &Private::onExitStatus;
        ssh_set_channel_callbacks(channel, &channelCallbacks);
    }
    const int rc = ssh_channel_open_session(channel);
    if (rc == SSH_AGAIN)
        return Step::Again;
    if (rc != SSH_OK)
        return fail(QStringLiteral("ssh: channel 0: open failed: %1").arg(libsshError()));
    stage = Stage::Exec;
    return Step::Done;
}

SshSession::Step SshSession::Private::exec()
{
    const int rc = ssh_channel_request_exec(channel, target.command.toUtf8().constData());
    if (rc == SSH_AGAIN)
        return Step::Again;
    if (rc != SSH_OK)
        return fail(QStringLiteral("ssh: exec request failed on channel 0: %1").arg(libsshError()));
    stage = Stage::Ready;
    return Step::Done;
}

SshSession::SshSession(SshTarget target, SshPrompts prompts, bool blocking)
    : d(std::make_unique<Private>())
{
    d->target = std::move(target);
    d->prompts = std::move(prompts);
    if (d->configure() == Step::Done)
        ssh_set_blocking(d->session, blocking ? 1 : 0);
}

SshSession::~SshSession()
{
    if (d->channel) {
        if (ssh_channel_is_open(d->channel))
            ssh_channel_close(d->channel);
        ssh_channel_free(d->channel);
    }
    if (d->session) {
        if (ssh_is_connected(d->session))
            ssh_disconnect(d->session);
        ssh_free(d->session);
    }
}

SshSession::Step SshSession::advanceHandshake()
{
    for (;;) {
        Step step = Step::Done;
        switch (d->stage) {
        case Stage::Connect:
            step = d->connect();
            break;
        case Stage::VerifyHost:
            step = d->verifyHost();
            break;
        case Stage::AuthNone:
            step = d->authNone();
            break;
        case Stage::AuthPublicKey:
            step = d->authPublicKey();
            break;
        case Stage::AuthPassword:
            step = d->authPassword();
            break;
        case Stage::OpenChannel:
            step = d->openChannel();
            break;
        case Stage::Exec:
            step = d->exec();
            break;
        case Stage::Ready:
            return Step::Done;
        case Stage::Failed:
            return Step::Failed;
        }
        if (step != Step::Done)
            return step;
    }
}

bool SshSession::connecting() const
{
    return d->stage == Stage::Connect;
}

int SshSession::socketFd() const
{
    return d->session ? ssh_get_fd(d->session) : -1;
}

bool SshSession::wantsWrite() const
{
    return d->session && (ssh_get_poll_flags(d->session) & SSH_WRITE_PENDING);
}

void SshSession::setBlockingTimeout(int seconds)
{
    const long value = seconds;
    if (d->session)
        ssh_options_set(d->session, SSH_OPTIONS_TIMEOUT, &value);
}

qint64 SshSession::read(char* data, qint64 size, bool stderrStream)
{
    const int n =
        ssh_channel_read_nonblocking(d->channel, data, uint32_t(size), stderrStream ? 1 : 0);
    if (n > 0)
        return n;
    if (n == SSH_EOF)
        return -1;
    if (n == 0)
        return ssh_channel_is_eof(d->channel) ? -1 : 0;
    return -2;
}

qint64 SshSession::writable() const
{
    return ssh_channel_window_size(d->channel);
}

bool SshSession::write(const char* data, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const int n = ssh_channel_write(d->channel, data + done, uint32_t(size - done));
        if (n <= 0)
            return false; // size <= writable(): zero means the window is gone
        done += n;
    }
    return true;
}

bool SshSession::sendEof()
{
    const int rc = ssh_channel_send_eof(d->channel);
    return rc == SSH_OK || rc == SSH_AGAIN;
}

bool SshSession::channelClosed() const
{
    return !d->channel || ssh_channel_is_closed(d->channel);
}

std::optional<int> SshSession::exitStatus() const
{
    return d->exitStatus;
}

void SshSession::processPackets()
{
    // Reading stops at the remote's EOF, but its exit status and close come
    // after it: this parses them (without waiting on a non-blocking
    // session; on a blocking one, until they arrive).
    if (!d->exitStatus && d->channel && !ssh_channel_is_closed(d->channel)) {
        const int status = ssh_channel_get_exit_status(d->channel);
        if (status >= 0)
            d->exitStatus = status;
    }
}

const std::optional<Error>& SshSession::error() const
{
    return d->error;
}

bool SshSession::unknownHostRefused() const
{
    return d->unknownHost;
}

QString SshSession::knownHostsFile() const
{
    char* file = nullptr;
    if (d->session && ssh_options_get(d->session, SSH_OPTIONS_KNOWNHOSTS, &file) == SSH_OK)
        return takeString(file);
    return {};
}

void SshSession::failConnectTimeout()
{
    if (!d->error)
        d->fail(QStringLiteral("ssh: connect to host %1 port %2: Connection timed out")
                    .arg(d->hostName)
                    .arg(d->port));
}

void SshSession::failConnectionLost()
{
    if (!d->error)
        d->fail(QStringLiteral("Connection to %1 closed by remote host.").arg(d->hostName));
}

} // namespace qrsync::transport
