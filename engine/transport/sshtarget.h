#pragma once

// What the built-in SSH client needs to reach `rsync --server` on another
// machine: where to connect, which files to trust, and how to ask a person
// (or a program standing in for one) for a secret or a decision.

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace qrsync::transport {

struct SshTarget
{
    QString host;       // a name from ~/.ssh/config (Host), or an address
    int port = 0;       // 0: the config's Port, else 22
    QString user;       // empty: the config's User, else the login name
    QString configFile; // empty: ~/.ssh/config and /etc/ssh/ssh_config
    // Empty: ~/.ssh/known_hosts of the user in the password database, as
    // OpenSSH finds it (a config's UserKnownHostsFile still wins).
    QString knownHostsFile;
    QStringList identityFiles;     // besides the config's IdentityFile and the default ids
    int connectTimeoutSeconds = 0; // --contimeout; 0: the system's TCP timeout
    QString command;               // the exec request: `rsync --server ...`
};

// A host key as OpenSSH shows it: "ED25519 key fingerprint is SHA256:...".
struct HostKeyInfo
{
    QString host;        // as written in known_hosts: "name" or "[name]:port"
    QString keyType;     // "ED25519", "RSA", "ECDSA"
    QString fingerprint; // "SHA256:" + unpadded base64
    QString knownHostsFile;
};

// The questions the client may ask while connecting. Each is called on the
// connection's thread and may block; an empty function means "no answer".
struct SshPrompts
{
    // An unknown host: true records the key in known_hosts and goes on.
    std::function<bool(const HostKeyInfo&)> acceptNewHostKey;
    // A passphrase for an encrypted private key (libssh does not say which
    // one: `prompt` is its question); nullopt skips that key.
    std::function<std::optional<QString>(const QString& prompt)> passphrase;
    // The password of user@host when the server offers password login.
    std::function<std::optional<QString>(const QString& userAtHost)> password;
    // Answers every question still open with "no" (the job is being
    // cancelled); called on the job's owner thread, never blocks.
    std::function<void()> cancelPending;
};

} // namespace qrsync::transport
